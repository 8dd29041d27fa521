using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace DataForge.Ingest.Imaging;

/// <summary>
/// 64-bit DCT perceptual hash (pHash, as Python's <c>imagehash.phash</c>): the image is reduced to 32×32 luma,
/// a 2-D DCT-II is taken, and each of the 8×8 lowest frequencies becomes a bit: set when above their median.
/// Near-identical pictures (re-encodes, small crops, neighbouring video frames) differ in few bits.
/// </summary>
internal static class PerceptualHash
{
    private const int Size = 32;
    private const int Low = 8;
    private static readonly double[] Cosines = BuildCosines();

    /// <summary>Hashes an image (any size).</summary>
    public static long Compute(Image<Rgb24> image, Configuration configuration)
    {
        using var small = image.Clone(configuration, x => x.Resize(new ResizeOptions
        {
            Size = new Size(Size, Size),
            Mode = ResizeMode.Stretch,
            Sampler = KnownResamplers.Box,
        }));
        var luma = new double[Size * Size];
        small.ProcessPixelRows(rows =>
        {
            for (var y = 0; y < Size; y++)
            {
                var row = rows.GetRowSpan(y);
                for (var x = 0; x < Size; x++)
                {
                    luma[(y * Size) + x] = (0.299 * row[x].R) + (0.587 * row[x].G) + (0.114 * row[x].B);
                }
            }
        });
        return FromLuma(luma);
    }

    /// <summary>Hashes a 32×32 row-major luma block.</summary>
    internal static long FromLuma(ReadOnlySpan<double> luma)
    {
        // Separable DCT, but only the 8 lowest output frequencies in each direction are needed.
        Span<double> rowsDct = stackalloc double[Size * Low];
        for (var y = 0; y < Size; y++)
        {
            for (var u = 0; u < Low; u++)
            {
                double sum = 0;
                for (var x = 0; x < Size; x++)
                {
                    sum += luma[(y * Size) + x] * Cosines[(u * Size) + x];
                }

                rowsDct[(y * Low) + u] = sum;
            }
        }

        Span<double> coefficients = stackalloc double[Low * Low];
        for (var v = 0; v < Low; v++)
        {
            for (var u = 0; u < Low; u++)
            {
                double sum = 0;
                for (var y = 0; y < Size; y++)
                {
                    sum += rowsDct[(y * Low) + u] * Cosines[(v * Size) + y];
                }

                coefficients[(v * Low) + u] = sum;
            }
        }

        Span<double> sorted = stackalloc double[Low * Low];
        coefficients.CopyTo(sorted);
        sorted.Sort();
        var median = (sorted[31] + sorted[32]) / 2;
        ulong bits = 0;
        for (var i = 0; i < Low * Low; i++)
        {
            bits = (bits << 1) | (coefficients[i] > median ? 1UL : 0UL);
        }

        return unchecked((long)bits);
    }

    /// <summary>Counts the differing bits of two hashes.</summary>
    public static int Distance(long a, long b) => System.Numerics.BitOperations.PopCount(unchecked((ulong)(a ^ b)));

    private static double[] BuildCosines()
    {
        var table = new double[Low * Size];
        for (var u = 0; u < Low; u++)
        {
            for (var x = 0; x < Size; x++)
            {
                table[(u * Size) + x] = Math.Cos(Math.PI * u * ((2 * x) + 1) / (2.0 * Size));
            }
        }

        return table;
    }
}
