using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace DataForge.Core.Imaging;

/// <summary>
/// PIL's <c>Image.resize</c> on packed 8-bit pixels, bit for bit (Pillow's <c>ImagingResample</c> and, for
/// <see cref="PilResampleFilter.Nearest"/>, its affine scale): a separable convolution whose support grows with the
/// downscale factor, horizontal pass first, with PIL's 22-bit fixed-point coefficients and its rounding and
/// clipping to 8 bits after each pass. The reference models were trained on images resized this way (CLIP, SigLIP,
/// torchvision transforms over PIL images), so the captioner and the trainer resize exactly as they did.
/// </summary>
/// <remarks>
/// Every floating-point step keeps PIL's order of operations, so the coefficients (and therefore the pixels) are the
/// same as PIL's on any IEEE-754 double machine; tests compare against outputs of PIL itself. Thread-safe.
/// </remarks>
public static class PilResampler
{
    // PIL: 32 bits minus 8 for the pixel minus 2 for the overshoot of negative lobes.
    private const int PrecisionBits = 32 - 8 - 2;

    /// <summary>Resizes packed interleaved 8-bit pixels as PIL's <c>Image.resize(size, resample)</c> does.</summary>
    /// <param name="pixels">Row-major pixels, <paramref name="channels"/> bytes each, no row padding.</param>
    /// <param name="width">Source width.</param>
    /// <param name="height">Source height.</param>
    /// <param name="channels">Bytes per pixel, 1 to 4 (3 for RGB24); every channel is filtered alike.</param>
    /// <param name="targetWidth">Output width.</param>
    /// <param name="targetHeight">Output height.</param>
    /// <param name="filter">The PIL filter.</param>
    /// <returns>The resized pixels, <paramref name="targetWidth"/>·<paramref name="targetHeight"/>·<paramref name="channels"/> bytes.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A size, the channel count or the filter is out of range.</exception>
    /// <exception cref="ArgumentException"><paramref name="pixels"/> does not hold exactly width·height·channels bytes.</exception>
    public static byte[] Resize(ReadOnlySpan<byte> pixels, int width, int height, int channels, int targetWidth, int targetHeight, PilResampleFilter filter)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(targetWidth, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(targetHeight, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(channels, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(channels, 4);
        if (!Enum.IsDefined(filter))
        {
            throw new ArgumentOutOfRangeException(nameof(filter), filter, "not a PIL resampling filter");
        }

        if ((long)width * height * channels != pixels.Length)
        {
            throw new ArgumentException($"expected {(long)width * height * channels} bytes for {width}x{height}x{channels}, got {pixels.Length}", nameof(pixels));
        }

        if (width == targetWidth && height == targetHeight)
        {
            return pixels.ToArray();
        }

        return filter == PilResampleFilter.Nearest
            ? Nearest(pixels, width, height, channels, targetWidth, targetHeight)
            : Convolve(pixels, width, height, channels, targetWidth, targetHeight, filter);
    }

    private static byte[] Convolve(ReadOnlySpan<byte> pixels, int width, int height, int channels, int targetWidth, int targetHeight, PilResampleFilter filter)
    {
        var vertical = Coefficients(height, targetHeight, filter);
        var firstRow = vertical.Start[0];
        var lastRow = vertical.Start[targetHeight - 1] + vertical.Count[targetHeight - 1];

        // Horizontal pass, only over the source rows the vertical pass reads (as PIL does).
        byte[] source;
        int sourceFirstRow;
        int sourceWidth;
        if (width != targetWidth)
        {
            var horizontal = Coefficients(width, targetWidth, filter);
            source = new byte[(lastRow - firstRow) * targetWidth * channels];
            for (var y = firstRow; y < lastRow; y++)
            {
                var inRow = pixels.Slice(y * width * channels, width * channels);
                var outRow = source.AsSpan((y - firstRow) * targetWidth * channels, targetWidth * channels);
                HorizontalRow(inRow, outRow, horizontal, targetWidth, channels);
            }

            (sourceFirstRow, sourceWidth) = (firstRow, targetWidth);
        }
        else
        {
            source = pixels.ToArray();
            (sourceFirstRow, sourceWidth) = (0, width);
        }

        if (height == targetHeight)
        {
            return source;
        }

        // Vertical pass, a whole output row at a time (rows are contiguous, columns are not). Integer sums are exact,
        // so accumulating tap by tap across the row gives PIL's per-pixel sums.
        var stride = sourceWidth * channels;
        var output = new byte[targetHeight * stride];
        var sums = new int[stride];
        for (var yy = 0; yy < targetHeight; yy++)
        {
            Array.Fill(sums, 1 << (PrecisionBits - 1));
            var weights = vertical.Weights.AsSpan(yy * vertical.Size, vertical.Count[yy]);
            for (var t = 0; t < weights.Length; t++)
            {
                var weight = weights[t];
                var row = source.AsSpan((vertical.Start[yy] - sourceFirstRow + t) * stride, stride);
                ref var r = ref MemoryMarshal.GetReference(row);
                ref var sum = ref MemoryMarshal.GetArrayDataReference(sums);
                for (var j = 0; j < stride; j++)
                {
                    Unsafe.Add(ref sum, j) += Unsafe.Add(ref r, j) * weight;
                }
            }

            var outRow = output.AsSpan(yy * stride, stride);
            for (var j = 0; j < stride; j++)
            {
                outRow[j] = Clip8(sums[j]);
            }
        }

        return output;
    }

    // The horizontal pass over one row: output pixel i is the fixed-point sum of the input pixels its kernel covers.
    // RGB, the common case, accumulates its three channels in one walk over the taps, as PIL does.
    private static void HorizontalRow(ReadOnlySpan<byte> input, Span<byte> output, PilResampleKernel kernel, int count, int channels)
    {
        var size = kernel.Size;
        for (var i = 0; i < count; i++)
        {
            var weights = kernel.Weights.AsSpan(i * size, kernel.Count[i]);
            var pixels = input.Slice(kernel.Start[i] * channels, weights.Length * channels);
            if (channels == 3)
            {
                // The slices above are bounds-checked once; inside them, unchecked references keep the loop tight.
                int s0 = 1 << (PrecisionBits - 1), s1 = s0, s2 = s0;
                ref var p = ref MemoryMarshal.GetReference(pixels);
                ref var k = ref MemoryMarshal.GetReference(weights);
                for (var t = 0; t < weights.Length; t++)
                {
                    var w = Unsafe.Add(ref k, t);
                    s0 += Unsafe.Add(ref p, 3 * t) * w;
                    s1 += Unsafe.Add(ref p, (3 * t) + 1) * w;
                    s2 += Unsafe.Add(ref p, (3 * t) + 2) * w;
                }

                (output[3 * i], output[(3 * i) + 1], output[(3 * i) + 2]) = (Clip8(s0), Clip8(s1), Clip8(s2));
                continue;
            }

            for (var c = 0; c < channels; c++)
            {
                var sum = 1 << (PrecisionBits - 1);
                for (int t = 0, at = c; t < weights.Length; t++, at += channels)
                {
                    sum += pixels[at] * weights[t];
                }

                output[(i * channels) + c] = Clip8(sum);
            }
        }
    }

    private static byte Clip8(int sum)
    {
        var value = sum >> PrecisionBits;
        return value < 0 ? (byte)0 : value > 255 ? (byte)255 : (byte)value;
    }

    private static PilResampleKernel Coefficients(int inSize, int outSize, PilResampleFilter filter)
    {
        var (function, filterSupport) = Filter(filter);

        // PIL passes the box edges as floats: (float)inSize, then widened to double.
        var scale = (double)(float)inSize / outSize;
        var filterScale = Math.Max(scale, 1.0);
        var support = filterSupport * filterScale;
        var size = ((int)Math.Ceiling(support) * 2) + 1;
        var starts = new int[outSize];
        var counts = new int[outSize];
        var weights = new int[outSize * size];
        var k = new double[size];
        for (var xx = 0; xx < outSize; xx++)
        {
            var center = (xx + 0.5) * scale;
            var ss = 1.0 / filterScale;
            var xmin = Math.Max(0, (int)(center - support + 0.5));
            var xmax = Math.Min(inSize, (int)(center + support + 0.5)) - xmin;
            var ww = 0.0;
            for (var x = 0; x < xmax; x++)
            {
                var w = function((x + xmin - center + 0.5) * ss);
                k[x] = w;
                ww += w;
            }

            for (var x = 0; x < xmax; x++)
            {
                var normalized = ww != 0.0 ? k[x] / ww : k[x];
                weights[(xx * size) + x] = normalized < 0
                    ? (int)(-0.5 + (normalized * (1 << PrecisionBits)))
                    : (int)(0.5 + (normalized * (1 << PrecisionBits)));
            }

            starts[xx] = xmin;
            counts[xx] = Math.Max(0, xmax);
        }

        return new PilResampleKernel(size, starts, counts, weights);
    }

    private static (Func<double, double> Function, double Support) Filter(PilResampleFilter filter) => filter switch
    {
        PilResampleFilter.Box => (BoxFilter, 0.5),
        PilResampleFilter.Bilinear => (BilinearFilter, 1.0),
        PilResampleFilter.Hamming => (HammingFilter, 1.0),
        PilResampleFilter.Bicubic => (BicubicFilter, 2.0),
        PilResampleFilter.Lanczos => (LanczosFilter, 3.0),
        _ => throw new ArgumentOutOfRangeException(nameof(filter), filter, "not a convolution filter"),
    };

    private static double BoxFilter(double x) => x > -0.5 && x <= 0.5 ? 1.0 : 0.0;

    private static double BilinearFilter(double x)
    {
        x = Math.Abs(x);
        return x < 1.0 ? 1.0 - x : 0.0;
    }

    private static double HammingFilter(double x)
    {
        x = Math.Abs(x);
        if (x == 0.0)
        {
            return 1.0;
        }

        if (x >= 1.0)
        {
            return 0.0;
        }

        x *= Math.PI;

        // PIL writes the window's constants as C floats; keep their float values.
        return Math.Sin(x) / x * (0.54f + (0.46f * Math.Cos(x)));
    }

    private static double BicubicFilter(double x)
    {
        const double a = -0.5;
        x = Math.Abs(x);
        if (x < 1.0)
        {
            return ((((a + 2.0) * x) - (a + 3.0)) * x * x) + 1;
        }

        if (x < 2.0)
        {
            return ((((x - 5) * x) + 8) * x - 4) * a;
        }

        return 0.0;
    }

    private static double LanczosFilter(double x) => -3.0 <= x && x < 3.0 ? Sinc(x) * Sinc(x / 3) : 0.0;

    private static double Sinc(double x)
    {
        if (x == 0.0)
        {
            return 1.0;
        }

        x *= Math.PI;
        return Math.Sin(x) / x;
    }

    // PIL's NEAREST goes through its affine "scale" transform: source coordinates accumulate in doubles from the
    // first pixel centre, and a coordinate that drifts past the edge leaves the pixel black (PIL's fill).
    private static byte[] Nearest(ReadOnlySpan<byte> pixels, int width, int height, int channels, int targetWidth, int targetHeight)
    {
        var columns = NearestIndices(width, targetWidth);
        var rows = NearestIndices(height, targetHeight);
        var output = new byte[targetWidth * targetHeight * channels];
        for (var y = 0; y < targetHeight; y++)
        {
            if (rows[y] < 0)
            {
                continue;
            }

            var inRow = pixels.Slice(rows[y] * width * channels, width * channels);
            var outRow = output.AsSpan(y * targetWidth * channels, targetWidth * channels);
            for (var x = 0; x < targetWidth; x++)
            {
                if (columns[x] >= 0)
                {
                    inRow.Slice(columns[x] * channels, channels).CopyTo(outRow.Slice(x * channels, channels));
                }
            }
        }

        return output;
    }

    private static int[] NearestIndices(int inSize, int outSize)
    {
        var step = (double)(float)inSize / outSize;
        var position = step * 0.5;
        var indices = new int[outSize];
        for (var i = 0; i < outSize; i++)
        {
            var index = position < 0.0 ? -1 : (int)position;
            indices[i] = index < inSize ? index : -1;
            position += step;
        }

        return indices;
    }
}
