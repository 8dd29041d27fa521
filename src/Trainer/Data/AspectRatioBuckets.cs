using System.Globalization;

namespace DataForge.Trainer.Data;

/// <summary>
/// PixArt-α's 40 aspect-ratio buckets (<c>ASPECT_RATIO_1024</c>, and the 512 and 256 tables at exactly ½ and ¼ of
/// every size): key = height/width, value = (height, width) in pixels. An image goes to the bucket whose key is
/// nearest its own ratio; images with ratio &gt; 4 (or &lt; 1/4) are dropped, as the official datasets do.
/// </summary>
public sealed class AspectRatioBuckets
{
    // (key, height, width) of the 1024 table, in key order.
    private static readonly (string Key, int Height, int Width)[] Table1024 =
    [
        ("0.25", 512, 2048), ("0.26", 512, 1984), ("0.27", 512, 1920), ("0.28", 512, 1856), ("0.32", 576, 1792),
        ("0.33", 576, 1728), ("0.35", 576, 1664), ("0.4", 640, 1600), ("0.42", 640, 1536), ("0.48", 704, 1472),
        ("0.5", 704, 1408), ("0.52", 704, 1344), ("0.57", 768, 1344), ("0.6", 768, 1280), ("0.68", 832, 1216),
        ("0.72", 832, 1152), ("0.78", 896, 1152), ("0.82", 896, 1088), ("0.88", 960, 1088), ("0.94", 960, 1024),
        ("1.0", 1024, 1024), ("1.07", 1024, 960), ("1.13", 1088, 960), ("1.21", 1088, 896), ("1.29", 1152, 896),
        ("1.38", 1152, 832), ("1.46", 1216, 832), ("1.67", 1280, 768), ("1.75", 1344, 768), ("2.0", 1408, 704),
        ("2.09", 1472, 704), ("2.4", 1536, 640), ("2.5", 1600, 640), ("2.89", 1664, 576), ("3.0", 1728, 576),
        ("3.11", 1792, 576), ("3.62", 1856, 512), ("3.75", 1920, 512), ("3.88", 1984, 512), ("4.0", 2048, 512),
    ];

    private AspectRatioBuckets(int resolution, IReadOnlyList<AspectRatioBucket> buckets)
    {
        Resolution = resolution;
        Buckets = buckets;
    }

    /// <summary>Gets the table's base resolution (256, 512 or 1024).</summary>
    public int Resolution { get; }

    /// <summary>Gets the buckets in key order.</summary>
    public IReadOnlyList<AspectRatioBucket> Buckets { get; }

    /// <summary>Gets the table for a base resolution.</summary>
    /// <param name="resolution">256, 512 or 1024.</param>
    /// <returns>The 40 buckets.</returns>
    public static AspectRatioBuckets ForResolution(int resolution)
    {
        var divisor = resolution switch
        {
            1024 => 1,
            512 => 2,
            256 => 4,
            _ => throw new Core.Errors.OptionsValidationException("--resolution", $"aspect-ratio buckets exist for 256, 512 and 1024, not {resolution}"),
        };
        return new AspectRatioBuckets(
            resolution,
            [.. Table1024.Select(b => new AspectRatioBucket(double.Parse(b.Key, CultureInfo.InvariantCulture), b.Height / divisor, b.Width / divisor))]);
    }

    /// <summary>Finds the nearest bucket for an image, or <see langword="null"/> when its ratio is beyond 1:4.</summary>
    /// <param name="height">Image height.</param>
    /// <param name="width">Image width.</param>
    /// <returns>The bucket or null.</returns>
    public AspectRatioBucket? Nearest(int height, int width)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        var ratio = (double)height / width;
        if (ratio > 4 || ratio < 0.25)
        {
            return null;
        }

        // argmin |key − ratio|; the first of equals, as Python's min does.
        var best = Buckets[0];
        foreach (var bucket in Buckets)
        {
            if (Math.Abs(bucket.Ratio - ratio) < Math.Abs(best.Ratio - ratio))
            {
                best = bucket;
            }
        }

        return best;
    }
}
