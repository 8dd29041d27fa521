using System.Buffers;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using SkiaSharp;

namespace DataForge.Ingest.Imaging;

/// <summary>
/// Exact area-averaging shrink (OpenCV's <c>INTER_AREA</c> for shrinking): each output pixel is the mean of the
/// source pixels it covers, fractional pixels at its edges weighted by how much of them it covers. Separable: a
/// horizontal pass into a float buffer, then a vertical pass whose taps are whole rows (vectorised across the row).
/// Skia's nearest equivalent, trilinear mipmaps, measured ≈ 6× slower on the bench and is only an approximation.
/// </summary>
internal static class AreaResampler
{
    /// <summary>Shrinks an opaque <see cref="SKColorType.Rgba8888"/> bitmap; both target sides must be ≤ the source's.</summary>
    public static SKBitmap Shrink(SKBitmap source, int width, int height)
    {
        int sourceWidth = source.Width, sourceHeight = source.Height;
        if (width > sourceWidth || height > sourceHeight || width < 1 || height < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(width), $"area shrink from {sourceWidth}x{sourceHeight} to {width}x{height}");
        }

        var columns = Taps.For(sourceWidth, width);
        var rows = Taps.For(sourceHeight, height);

        // Horizontal: every source row to `width` RGBA float pixels (one Vector128 lane per channel, alpha included:
        // it stays 255 because the weights sum to 1).
        // Pooled: at 450x300 → 256x171 the buffer is 1.2 MB, a large-object allocation (and zeroing) per image otherwise.
        var horizontal = ArrayPool<float>.Shared.Rent(sourceHeight * width * 4);
        var line = ArrayPool<float>.Shared.Rent(sourceWidth * 4);
        try
        {
            return Shrink(source, width, height, columns, rows, horizontal, line);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(horizontal);
            ArrayPool<float>.Shared.Return(line);
        }
    }

    private static SKBitmap Shrink(SKBitmap source, int width, int height, Taps columns, Taps rows, float[] horizontal, float[] line)
    {
        int sourceWidth = source.Width, sourceHeight = source.Height;
        var pixels = source.GetPixelSpan();
        var rowBytes = source.RowBytes;
        for (var y = 0; y < sourceHeight; y++)
        {
            ToFloats(pixels.Slice(y * rowBytes, sourceWidth * 4), line.AsSpan(0, sourceWidth * 4));
            ref var lineStart = ref MemoryMarshal.GetArrayDataReference(line);
            ref var targetStart = ref horizontal[y * width * 4];
            var start = columns.Start;
            var index = columns.Index;
            var weight = columns.Weight;
            for (var x = 0; x < width; x++)
            {
                var acc = Vector128<float>.Zero;
                for (var t = start[x]; t < start[x + 1]; t++)
                {
                    // Taps index pixels inside the row by construction (Taps.For clamps to the source length).
                    acc += Vector128.LoadUnsafe(ref lineStart, (nuint)(index[t] * 4)) * weight[t];
                }

                acc.StoreUnsafe(ref targetStart, (nuint)(4 * x));
            }
        }

        // Vertical: each output row is a weighted sum of whole horizontal rows.
        var result = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Opaque));
        var output = result.GetPixelSpan();
        var outRowBytes = result.RowBytes;
        var sum = new float[width * 4];
        var vectors = sum.Length / Vector<float>.Count * Vector<float>.Count;
        for (var y = 0; y < height; y++)
        {
            Array.Clear(sum);
            var acc = MemoryMarshal.Cast<float, Vector<float>>(sum.AsSpan(0, vectors));
            for (var t = rows.Start[y]; t < rows.Start[y + 1]; t++)
            {
                var from = horizontal.AsSpan(rows.Index[t] * width * 4, width * 4);
                var src = MemoryMarshal.Cast<float, Vector<float>>(from[..vectors]);
                var w = rows.Weight[t];
                for (var i = 0; i < acc.Length; i++)
                {
                    acc[i] += src[i] * w;
                }

                for (var i = vectors; i < sum.Length; i++)
                {
                    sum[i] += from[i] * w; // the few floats past the last whole vector
                }
            }

            ToBytes(sum, output.Slice(y * outRowBytes, width * 4));
        }

        return result;
    }

    private static void ToFloats(ReadOnlySpan<byte> bytes, Span<float> floats)
    {
        var i = 0;
        for (; i + 16 <= bytes.Length; i += 16)
        {
            var (low, high) = Vector128.Widen(Vector128.Create(bytes.Slice(i, 16)));
            var (a, b) = Vector128.Widen(low);
            var (c, d) = Vector128.Widen(high);
            Vector128.ConvertToSingle(a).CopyTo(floats.Slice(i, 4));
            Vector128.ConvertToSingle(b).CopyTo(floats.Slice(i + 4, 4));
            Vector128.ConvertToSingle(c).CopyTo(floats.Slice(i + 8, 4));
            Vector128.ConvertToSingle(d).CopyTo(floats.Slice(i + 12, 4));
        }

        for (; i < bytes.Length; i++)
        {
            floats[i] = bytes[i];
        }
    }

    private static void ToBytes(ReadOnlySpan<float> floats, Span<byte> bytes)
    {
        var i = 0;
        var half = Vector128.Create(0.5f);
        var max = Vector128.Create(255);
        for (; i + 16 <= floats.Length; i += 16)
        {
            var a = Vector128.Min(Vector128.Max(Vector128.ConvertToInt32(Vector128.Create(floats.Slice(i, 4)) + half), Vector128<int>.Zero), max).AsUInt32();
            var b = Vector128.Min(Vector128.Max(Vector128.ConvertToInt32(Vector128.Create(floats.Slice(i + 4, 4)) + half), Vector128<int>.Zero), max).AsUInt32();
            var c = Vector128.Min(Vector128.Max(Vector128.ConvertToInt32(Vector128.Create(floats.Slice(i + 8, 4)) + half), Vector128<int>.Zero), max).AsUInt32();
            var d = Vector128.Min(Vector128.Max(Vector128.ConvertToInt32(Vector128.Create(floats.Slice(i + 12, 4)) + half), Vector128<int>.Zero), max).AsUInt32();
            Vector128.Narrow(Vector128.Narrow(a, b), Vector128.Narrow(c, d)).CopyTo(bytes.Slice(i, 16));
        }

        for (; i < floats.Length; i++)
        {
            bytes[i] = ToByte(floats[i]);
        }
    }

    private static byte ToByte(float value) => (byte)Math.Clamp((int)(value + 0.5f), 0, 255);

    /// <summary>For each output pixel, the source pixels it covers and their weights (summing to 1).</summary>
    private sealed class Taps
    {
        public required int[] Start { get; init; }

        public required int[] Index { get; init; }

        public required float[] Weight { get; init; }

        public static Taps For(int sourceLength, int targetLength)
        {
            var scale = (double)sourceLength / targetLength;
            var start = new int[targetLength + 1];
            var index = new List<int>((int)Math.Ceiling(scale + 1) * targetLength);
            var weight = new List<float>(index.Capacity);
            for (var o = 0; o < targetLength; o++)
            {
                start[o] = index.Count;
                double from = o * scale, to = Math.Min(sourceLength, (o + 1) * scale);
                for (var s = (int)Math.Floor(from); s < to; s++)
                {
                    var covered = Math.Min(s + 1, to) - Math.Max(s, from);
                    if (covered > 1e-9)
                    {
                        index.Add(s);
                        weight.Add((float)(covered / scale));
                    }
                }
            }

            start[targetLength] = index.Count;
            return new Taps { Start = start, Index = [.. index], Weight = [.. weight] };
        }
    }
}
