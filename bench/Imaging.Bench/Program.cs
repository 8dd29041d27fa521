// PilResampler throughput (the captioner's and trainer's resize) on this machine, single-threaded, against the named
// baseline in the same process: Skia's own cubic resize (SKBitmap.Resize, Catmull-Rom = Keys a = -0.5, the same
// kernel), which is fast but not PIL's arithmetic (no support scaling on downscale, float, no 8-bit rounding between
// passes). Cases: a 4000x3000 camera photo to CLIP's 336 short side (bicubic), a 512x512 ingest-sized image to 336
// (bicubic) and to the trainer's 256 (bilinear). Inputs are seeded noise: resampling cost does not depend on content.
using System.Diagnostics;
using System.Globalization;
using DataForge.Core.Imaging;
using SkiaSharp;

var seconds = args.Length > 0 ? double.Parse(args[0], CultureInfo.InvariantCulture) : 3.0;
Console.WriteLine($"cores: {Environment.ProcessorCount}, .NET {Environment.Version}, single thread, >= {seconds} s per case after 1 warm-up");
Console.WriteLine("| case | PilResampler ms | Skia cubic (baseline) ms | ratio (Pil / Skia) |");
Console.WriteLine("|---|---:|---:|---:|");
(string Name, int W, int H, int Tw, int Th, PilResampleFilter Filter)[] cases =
[
    ("4000x3000 -> 448x336 bicubic", 4000, 3000, 448, 336, PilResampleFilter.Bicubic),
    ("512x512 -> 336x336 bicubic", 512, 512, 336, 336, PilResampleFilter.Bicubic),
    ("512x384 -> 341x256 bilinear", 512, 384, 341, 256, PilResampleFilter.Bilinear),
];
foreach (var (name, w, h, tw, th, filter) in cases)
{
    var rgb = new byte[w * h * 3];
    new Random(1).NextBytes(rgb);
    var pil = Measure(() => PilResampler.Resize(rgb, w, h, 3, tw, th, filter), seconds);

    using var bitmap = new SKBitmap(new SKImageInfo(w, h, SKColorType.Rgba8888, SKAlphaType.Opaque));
    var rgba = bitmap.GetPixelSpan();
    for (int i = 0, j = 0; i < rgb.Length; i += 3, j += 4)
    {
        (rgba[j], rgba[j + 1], rgba[j + 2], rgba[j + 3]) = (rgb[i], rgb[i + 1], rgb[i + 2], 255);
    }

    var sampling = filter == PilResampleFilter.Bicubic ? new SKSamplingOptions(SKCubicResampler.CatmullRom) : new SKSamplingOptions(SKFilterMode.Linear);
    var skia = Measure(() => bitmap.Resize(new SKSizeI(tw, th), sampling)!.Dispose(), seconds);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {name} | {pil:F2} | {skia:F2} | {pil / skia:F2}x |"));
}

static double Measure(Action action, double seconds)
{
    action();
    var runs = 0;
    var watch = Stopwatch.StartNew();
    while (watch.Elapsed.TotalSeconds < seconds || runs < 3)
    {
        action();
        runs++;
    }

    return watch.Elapsed.TotalMilliseconds / runs;
}
