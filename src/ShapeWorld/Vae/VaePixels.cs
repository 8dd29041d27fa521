namespace DataForge.ShapeWorld.Vae;

/// <summary>
/// The VAE's pixel range: RGB24 bytes to [−1, 1] as <c>extract-features</c> prepares images (v / 127.5 − 1, in
/// float), so the VAE trains on exactly the tensors it will encode, and back to bytes for PSNR.
/// </summary>
public static class VaePixels
{
    /// <summary>Writes one image's CHW tensor into a batch buffer.</summary>
    /// <param name="rgb">Row-major RGB24 pixels of a square image.</param>
    /// <param name="size">The image side.</param>
    /// <param name="destination">3·size² floats.</param>
    public static void ToUnitRange(ReadOnlySpan<byte> rgb, int size, Span<float> destination)
    {
        var plane = size * size;
        if (rgb.Length != 3 * plane || destination.Length != 3 * plane)
        {
            throw new ArgumentException($"expected a {size}x{size} RGB24 image ({3 * plane} bytes), got {rgb.Length} bytes");
        }

        for (var i = 0; i < plane; i++)
        {
            destination[i] = (rgb[3 * i] / 127.5f) - 1;
            destination[plane + i] = (rgb[(3 * i) + 1] / 127.5f) - 1;
            destination[(2 * plane) + i] = (rgb[(3 * i) + 2] / 127.5f) - 1;
        }
    }

    /// <summary>Converts a value in [−1, 1] to an 8-bit pixel (rounded, clamped), as <c>sample</c> writes PNGs.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The byte.</returns>
    public static byte ToByte(float value) => (byte)Math.Clamp(Math.Round((value + 1) * 127.5), 0, 255);

    /// <summary>Converts one image's CHW values in [−1, 1] back to row-major RGB24 bytes (<see cref="ToByte"/>).</summary>
    /// <param name="chw">3·size² floats.</param>
    /// <param name="size">The image side.</param>
    /// <param name="rgb">3·size² bytes.</param>
    public static void ToRgb(ReadOnlySpan<float> chw, int size, Span<byte> rgb)
    {
        var plane = size * size;
        if (chw.Length != 3 * plane || rgb.Length != 3 * plane)
        {
            throw new ArgumentException($"expected a {size}x{size} image ({3 * plane} values), got {chw.Length} floats and {rgb.Length} bytes");
        }

        for (var i = 0; i < plane; i++)
        {
            rgb[3 * i] = ToByte(chw[i]);
            rgb[(3 * i) + 1] = ToByte(chw[plane + i]);
            rgb[(3 * i) + 2] = ToByte(chw[(2 * plane) + i]);
        }
    }

    /// <summary>Builds a batch tensor buffer from scenes.</summary>
    /// <param name="generator">The generator.</param>
    /// <param name="indices">Scene indices.</param>
    /// <returns>(B, 3, 64, 64) row-major.</returns>
    public static float[] Batch(ShapeWorldGenerator generator, IReadOnlyList<long> indices)
    {
        ArgumentNullException.ThrowIfNull(generator);
        ArgumentNullException.ThrowIfNull(indices);
        var size = ShapeWorldScene.ImageSize;
        var plane = 3 * size * size;
        var pixels = new float[indices.Count * plane];
        for (var b = 0; b < indices.Count; b++)
        {
            ToUnitRange(generator.Generate(indices[b]).Rgb, size, pixels.AsSpan(b * plane, plane));
        }

        return pixels;
    }
}
