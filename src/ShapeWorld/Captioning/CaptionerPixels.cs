namespace DataForge.ShapeWorld.Captioning;

/// <summary>
/// The normalisation the exported <c>preprocessor_config.json</c> asks the Captioner for, applied to an image that
/// already has the model's size (so the Captioner neither pads, resizes nor crops it): rescale by 1/255, subtract
/// CLIP's mean, divide by its std, in the same float operations as the Captioner's <c>ImagePreprocessor</c>. Training on
/// this tensor is training on exactly what captioning the PNG will feed the vision encoder.
/// </summary>
public static class CaptionerPixels
{
    /// <summary>CLIP's per-channel mean (the values the Captioner parses from the config).</summary>
    public static readonly float[] Mean = [0.48145466f, 0.4578275f, 0.40821073f];

    /// <summary>CLIP's per-channel standard deviation.</summary>
    public static readonly float[] Std = [0.26862954f, 0.26130258f, 0.27577711f];

    /// <summary>The rescale factor written to the config.</summary>
    public const double RescaleFactor = 1.0 / 255.0;

    /// <summary>Writes one image's CHW tensor into a batch buffer.</summary>
    /// <param name="rgb">Row-major RGB24 pixels of a square image.</param>
    /// <param name="size">The image side.</param>
    /// <param name="destination">3·size² floats.</param>
    public static void Normalize(ReadOnlySpan<byte> rgb, int size, Span<float> destination)
    {
        var plane = size * size;
        if (rgb.Length != 3 * plane || destination.Length != 3 * plane)
        {
            throw new ArgumentException($"expected a {size}x{size} RGB24 image ({3 * plane} bytes), got {rgb.Length} bytes");
        }

        var scale = (float)RescaleFactor;
        var invStd = new[] { 1f / Std[0], 1f / Std[1], 1f / Std[2] };
        for (var i = 0; i < plane; i++)
        {
            destination[i] = ((rgb[3 * i] * scale) - Mean[0]) * invStd[0];
            destination[plane + i] = ((rgb[(3 * i) + 1] * scale) - Mean[1]) * invStd[1];
            destination[(2 * plane) + i] = ((rgb[(3 * i) + 2] * scale) - Mean[2]) * invStd[2];
        }
    }
}
