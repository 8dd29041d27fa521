using DataForge.Core.Imaging;

namespace DataForge.Trainer.Features;

/// <summary>
/// The official training transforms on decoded pixels, resized with PIL's arithmetic (<see cref="PilResampler"/>) as
/// torchvision does for PIL images: square stages resize the short side to the resolution (bilinear, torchvision's
/// default) and centre-crop; multi-scale stretches to the nearest aspect-ratio bucket (bicubic). Then [−1, 1],
/// channels first. And the way back, tensor to pixels, for sampled images.
/// </summary>
public static class ImagePreparation
{
    /// <summary>Decodes untrusted image bytes, upright and opaque, within a pixel budget.</summary>
    /// <param name="encoded">Encoded image bytes.</param>
    /// <param name="limits">What the image may cost to decode.</param>
    /// <param name="error">The decoder's reason when the image cannot be used, else <see langword="null"/>.</param>
    /// <returns>The pixels, or <see langword="null"/> when <paramref name="error"/> is set.</returns>
    public static RgbPixels? Decode(ReadOnlySpan<byte> encoded, ImageDecodeLimits limits, out string? error)
    {
        using var result = UntrustedImageDecoder.Decode(encoded, limits);
        error = result.Image is null ? result.Error ?? "image could not be decoded" : null;
        return result.Image?.CopyRgb24();
    }

    /// <summary>
    /// torchvision's <c>Resize(resolution)</c> then <c>CenterCrop(resolution)</c>: the short side becomes the
    /// resolution and the long side <c>int(resolution · long / short)</c>, bilinear; the crop offset is
    /// <c>int(round((size − resolution) / 2))</c> with Python's round half to even.
    /// </summary>
    /// <param name="image">Decoded pixels.</param>
    /// <param name="resolution">Output side length.</param>
    /// <returns>(3, R, R) floats, row-major.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The resized image would not fit in memory (see <see cref="SquareResizeSize"/>).</exception>
    public static float[] ToSquareTensor(RgbPixels image, int resolution)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentOutOfRangeException.ThrowIfLessThan(resolution, 1);
        var (longWidth, longHeight) = SquareResizeSize(image.Width, image.Height, resolution);
        if (longWidth * longHeight * 3 > Array.MaxLength)
        {
            throw new ArgumentOutOfRangeException(nameof(image), $"resizing {image.Width}x{image.Height} to {longWidth}x{longHeight} does not fit in memory");
        }

        var (width, height) = ((int)longWidth, (int)longHeight);
        var resized = Resize(image, width, height, PilResampleFilter.Bilinear);
        var left = (int)Math.Round((width - resolution) / 2.0, MidpointRounding.ToEven);
        var top = (int)Math.Round((height - resolution) / 2.0, MidpointRounding.ToEven);
        return ToTensor(resized, left, top, resolution, resolution);
    }

    /// <summary>
    /// The size <see cref="ToSquareTensor"/> resizes to before cropping: torchvision's <c>_compute_resized_output_size</c>,
    /// the short side <paramref name="resolution"/> and the long side <c>int(resolution · long / short)</c>. A sliver
    /// makes this huge, so callers check it against their pixel budget first.
    /// </summary>
    /// <param name="width">Image width.</param>
    /// <param name="height">Image height.</param>
    /// <param name="resolution">Output side length.</param>
    /// <returns>The resized width and height.</returns>
    public static (long Width, long Height) SquareResizeSize(int width, int height, int resolution) =>
        width <= height
            ? (resolution, (long)((double)resolution * height / width))
            : ((long)((double)resolution * width / height), resolution);

    /// <summary>
    /// The multi-scale transform: the nearest aspect-ratio bucket of the image, and the image stretched to it (bicubic).
    /// </summary>
    /// <param name="image">Decoded pixels.</param>
    /// <param name="buckets">The bucket table.</param>
    /// <returns>The bucket and its (3, H, W) tensor, or null when the aspect ratio is beyond 1:4.</returns>
    public static (Data.AspectRatioBucket Bucket, float[] Tensor)? ToBucketTensor(RgbPixels image, Data.AspectRatioBuckets buckets)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(buckets);
        if (buckets.Nearest(image.Height, image.Width) is not { } bucket)
        {
            return null;
        }

        var resized = Resize(image, bucket.Width, bucket.Height, PilResampleFilter.Bicubic);
        return (bucket, ToTensor(resized, 0, 0, bucket.Width, bucket.Height));
    }

    /// <summary>Turns a (3, H, W) tensor in [−1, 1] back into packed RGB24 pixels.</summary>
    /// <param name="tensor">Row-major floats.</param>
    /// <param name="offset">Start of this image in <paramref name="tensor"/>.</param>
    /// <param name="height">H.</param>
    /// <param name="width">W.</param>
    /// <returns>The pixels.</returns>
    public static RgbPixels ToPixels(float[] tensor, int offset, int height, int width)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        var plane = height * width;
        var rgb = new byte[plane * 3];
        for (var i = 0; i < plane; i++)
        {
            rgb[3 * i] = ToByte(tensor[offset + i]);
            rgb[(3 * i) + 1] = ToByte(tensor[offset + plane + i]);
            rgb[(3 * i) + 2] = ToByte(tensor[offset + (2 * plane) + i]);
        }

        return new RgbPixels(width, height, rgb);
    }

    private static RgbPixels Resize(RgbPixels image, int width, int height, PilResampleFilter filter) =>
        new(width, height, PilResampler.Resize(image.Data, image.Width, image.Height, 3, width, height, filter));

    // The (left, top, width, height) window of the image as (3, H, W) floats in [−1, 1].
    private static float[] ToTensor(RgbPixels image, int left, int top, int width, int height)
    {
        var plane = width * height;
        var tensor = new float[3 * plane];
        var data = image.Data;
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var source = (((top + y) * image.Width) + left + x) * 3;
                var i = (y * width) + x;
                tensor[i] = (data[source] / 127.5f) - 1;
                tensor[plane + i] = (data[source + 1] / 127.5f) - 1;
                tensor[(2 * plane) + i] = (data[source + 2] / 127.5f) - 1;
            }
        }

        return tensor;
    }

    private static byte ToByte(float value) => (byte)Math.Clamp(Math.Round((value + 1) * 127.5), 0, 255);
}
