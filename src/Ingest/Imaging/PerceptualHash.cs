using System.Runtime.InteropServices;
using SkiaSharp;

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

    /// <summary>Hashes an opaque <see cref="SKColorType.Rgba8888"/> bitmap (any size).</summary>
    public static long Compute(SKBitmap image) => FromLuma(AreaLuma32(image));

    /// <summary>
    /// The 32×32 luma block by area averaging (each cell the mean luma of the source pixels it covers), computed
    /// here rather than through a resampler so the hash does not depend on a library's filter.
    /// </summary>
    internal static double[] AreaLuma32(SKBitmap image)
    {
        int width = image.Width, height = image.Height, rowBytes = image.RowBytes;
        var pixels = image.GetPixelSpan();
        Span<int> x0 = stackalloc int[Size + 1];
        Span<int> y0 = stackalloc int[Size + 1];
        Bounds(width, x0);
        Bounds(height, y0);
        var rowBins = new double[height * Size];
        for (var y = 0; y < height; y++)
        {
            var row = MemoryMarshal.Cast<byte, uint>(pixels.Slice(y * rowBytes, width * 4));
            for (var cx = 0; cx < Size; cx++)
            {
                double sum = 0;
                var end = Math.Max(x0[cx + 1], x0[cx] + 1);
                for (var x = x0[cx]; x < end; x++)
                {
                    var p = row[x];
                    sum += (0.299 * (byte)p) + (0.587 * (byte)(p >> 8)) + (0.114 * (byte)(p >> 16));
                }

                rowBins[(y * Size) + cx] = sum / (end - x0[cx]);
            }
        }

        var luma = new double[Size * Size];
        for (var cy = 0; cy < Size; cy++)
        {
            var end = Math.Max(y0[cy + 1], y0[cy] + 1);
            for (var cx = 0; cx < Size; cx++)
            {
                double sum = 0;
                for (var y = y0[cy]; y < end; y++)
                {
                    sum += rowBins[(y * Size) + cx];
                }

                luma[(cy * Size) + cx] = sum / (end - y0[cy]);
            }
        }

        return luma;
    }

    /// <summary>Cell i covers source [bounds[i], bounds[i+1]) (at least one pixel when the source is narrower than 32).</summary>
    private static void Bounds(int length, Span<int> bounds)
    {
        for (var i = 0; i <= Size; i++)
        {
            bounds[i] = Math.Min(length - 1, (int)((long)i * length / Size));
        }

        bounds[Size] = length;
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
