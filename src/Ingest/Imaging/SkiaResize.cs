using SkiaSharp;

namespace DataForge.Ingest.Imaging;

/// <summary>Resampling, white padding and centre cropping on opaque <see cref="SKColorType.Rgba8888"/> bitmaps.</summary>
internal static class SkiaResize
{
    /// <summary>
    /// Maps an interpolation name onto Skia's sampling. Skia has no box or windowed-sinc filter, so:
    /// <list type="bullet">
    /// <item><c>area</c> becomes bilinear between bilinearly-sampled mipmap levels (trilinear): the mipmap pyramid is
    /// built by 2×2 box averaging, so every output pixel averages the source area it covers, as OpenCV's
    /// <c>INTER_AREA</c> does, without the aliasing of plain bilinear when shrinking by more than 2×;</item>
    /// <item><c>cubic</c> becomes Catmull-Rom (B = 0, C = 0.5: Keys' a = −0.5, PIL's <c>BICUBIC</c>);</item>
    /// <item><c>lanczos</c> becomes the sharper Keys cubic with a = −0.75 (B = 0, C = 0.75, OpenCV's
    /// <c>INTER_CUBIC</c>), the cubic closest to Lanczos-3's response.</item>
    /// </list>
    /// </summary>
    public static SKSamplingOptions Sampling(ResizeInterpolation interpolation) => interpolation switch
    {
        ResizeInterpolation.Nearest => new SKSamplingOptions(SKFilterMode.Nearest, SKMipmapMode.None),
        ResizeInterpolation.Linear => new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.None),
        ResizeInterpolation.Cubic => new SKSamplingOptions(SKCubicResampler.CatmullRom),
        ResizeInterpolation.Area => new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear),
        ResizeInterpolation.Lanczos => new SKSamplingOptions(new SKCubicResampler(0f, 0.75f)),
        _ => throw new ArgumentOutOfRangeException(nameof(interpolation), interpolation, "unknown interpolation"),
    };

    /// <summary>Resamples <paramref name="source"/> to a new <paramref name="width"/>×<paramref name="height"/> bitmap.</summary>
    public static SKBitmap Scale(SKBitmap source, int width, int height, SKSamplingOptions sampling)
    {
        var target = NewOpaque(width, height);
        if (!source.ScalePixels(target, sampling))
        {
            target.Dispose();
            throw new InvalidOperationException($"Skia could not scale {source.Width}x{source.Height} to {width}x{height}");
        }

        return target;
    }

    /// <summary>
    /// Centres <paramref name="source"/> on a white <paramref name="width"/>×<paramref name="height"/> canvas: a
    /// border where the canvas is larger, a centre crop where it is smaller (integer offsets: pixels copied exactly).
    /// </summary>
    public static SKBitmap CenterOnWhite(SKBitmap source, int width, int height)
    {
        var target = NewOpaque(width, height);
        using var canvas = new SKCanvas(target);
        canvas.Clear(SKColors.White);
        canvas.DrawBitmap(source, (width - source.Width) / 2, (height - source.Height) / 2, new SKSamplingOptions(SKFilterMode.Nearest), null);
        canvas.Flush();
        return target;
    }

    private static SKBitmap NewOpaque(int width, int height) => new(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Opaque));
}
