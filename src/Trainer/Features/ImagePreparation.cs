using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace DataForge.Trainer.Features;

/// <summary>
/// The official training transform for square stages: RGB, resize so the short side is the resolution (bilinear,
/// torchvision's default), centre-crop to a square, scale to [−1, 1], channels first.
/// </summary>
public static class ImagePreparation
{
    /// <summary>Decodes and prepares one image.</summary>
    /// <param name="encoded">Encoded image bytes.</param>
    /// <param name="resolution">Output side length.</param>
    /// <returns>(3, R, R) floats, row-major.</returns>
    public static float[] ToSquareTensor(byte[] encoded, int resolution)
    {
        using var image = Image.Load<Rgb24>(encoded);
        var scale = (double)resolution / Math.Min(image.Width, image.Height);
        var width = Math.Max(resolution, (int)Math.Round(image.Width * scale));
        var height = Math.Max(resolution, (int)Math.Round(image.Height * scale));
        image.Mutate(x => x
            .Resize(width, height, KnownResamplers.Triangle)
            .Crop(new Rectangle((width - resolution) / 2, (height - resolution) / 2, resolution, resolution)));
        return ToTensor(image);
    }

    private static float[] ToTensor(Image<Rgb24> image)
    {
        var (width, plane) = (image.Width, image.Width * image.Height);
        var tensor = new float[3 * plane];
        image.ProcessPixelRows(rows =>
        {
            for (var y = 0; y < rows.Height; y++)
            {
                var row = rows.GetRowSpan(y);
                for (var x = 0; x < row.Length; x++)
                {
                    var i = (y * width) + x;
                    tensor[i] = (row[x].R / 127.5f) - 1;
                    tensor[plane + i] = (row[x].G / 127.5f) - 1;
                    tensor[(2 * plane) + i] = (row[x].B / 127.5f) - 1;
                }
            }
        });
        return tensor;
    }

    /// <summary>
    /// The multi-scale transform: the nearest aspect-ratio bucket of the image, and the image stretched to it (bicubic).
    /// </summary>
    /// <param name="encoded">Encoded image bytes.</param>
    /// <param name="buckets">The bucket table.</param>
    /// <returns>The bucket and its (3, H, W) tensor, or null when the aspect ratio is beyond 1:4.</returns>
    public static (Data.AspectRatioBucket Bucket, float[] Tensor)? ToBucketTensor(byte[] encoded, Data.AspectRatioBuckets buckets)
    {
        ArgumentNullException.ThrowIfNull(buckets);
        using var image = Image.Load<Rgb24>(encoded);
        if (buckets.Nearest(image.Height, image.Width) is not { } bucket)
        {
            return null;
        }

        image.Mutate(x => x.Resize(bucket.Width, bucket.Height, KnownResamplers.Bicubic));
        return (bucket, ToTensor(image));
    }

    /// <summary>Turns a (3, H, W) tensor in [−1, 1] back into an image.</summary>
    /// <param name="tensor">Row-major floats.</param>
    /// <param name="offset">Start of this image in <paramref name="tensor"/>.</param>
    /// <param name="height">H.</param>
    /// <param name="width">W.</param>
    /// <returns>The image (caller disposes).</returns>
    public static Image<Rgb24> ToImage(float[] tensor, int offset, int height, int width)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        var image = new Image<Rgb24>(width, height);
        var plane = height * width;
        image.ProcessPixelRows(rows =>
        {
            for (var y = 0; y < height; y++)
            {
                var row = rows.GetRowSpan(y);
                for (var x = 0; x < width; x++)
                {
                    var i = offset + (y * width) + x;
                    row[x] = new Rgb24(ToByte(tensor[i]), ToByte(tensor[plane + i]), ToByte(tensor[(2 * plane) + i]));
                }
            }
        });
        return image;
    }

    private static byte ToByte(float value) => (byte)Math.Clamp(Math.Round((value + 1) * 127.5), 0, 255);
}
