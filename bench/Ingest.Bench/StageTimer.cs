using System.Globalization;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using DataForge.Core.Imaging;
using DataForge.Ingest.Imaging;

namespace DataForge.Ingest.Bench;

/// <summary>
/// The kernel's steps one by one, each with its own stopwatch, over the same rows as <c>kernel</c>: sha256, header
/// (codec + EXIF), decode (entropy decoding + scaled IDCT + orientation/alpha), resize, pHash + colour signature,
/// pad, encode. The steps mirror <see cref="ImagePipeline.Process"/>; their sum is close to the kernel's time.
/// Each step is timed in this thread's CPU time (CLOCK_THREAD_CPUTIME_ID), not wall time, so the breakdown holds
/// on a machine shared with other builds, where wall time mostly measures waiting for a core.
/// </summary>
internal static partial class StageTimer
{
    private static readonly string[] Names = ["sha256", "header", "decode", "resize", "hashes", "pad", "encode"];

    public static void Run(byte[][] files, ImageOptions options, int rows, int warmup)
    {
        var encoder = new SkiaEncoder(options.EncodeFormat, options.EncodeQuality);
        var limits = new ImageDecodeLimits { MaxDecodedPixels = options.MaxDecodedPixels };
        var ticks = new long[Names.Length];
        long decodedPixels = 0, fullPixels = 0;
        for (var i = 0; i < warmup + rows; i++)
        {
            if (i == warmup)
            {
                Array.Clear(ticks);
                decodedPixels = fullPixels = 0;
            }

            var bytes = files[i % files.Length];
            var t = ThreadCpuNanoseconds();
            SHA256.HashData(bytes);
            t = Lap(ticks, 0, t);
            using var header = UntrustedImageDecoder.ReadHeader(bytes, limits);
            var h = header.Header!;
            var plan = ResizePlan.For(h.Width, h.Height, options.ResizeMode, options.ImageSize, options.ResizeOnlyIfBigger);
            t = Lap(ticks, 1, t);
            using var decoded = UntrustedImageDecoder.Decode(bytes, limits, plan.ScaledWidth, plan.ScaledHeight);
            var image = decoded.Image!.Bitmap;
            t = Lap(ticks, 2, t);
            using var scaled = SkiaResize.Resize(image, plan.ScaledWidth, plan.ScaledHeight, options.DownscaleInterpolation);
            t = Lap(ticks, 3, t);
            PerceptualHash.Compute(scaled);
            ColorSignature.Compute(scaled);
            t = Lap(ticks, 4, t);
            using var framed = SkiaResize.CenterOnWhite(scaled, plan.FinalWidth, plan.FinalHeight);
            t = Lap(ticks, 5, t);
            encoder.Encode(framed);
            Lap(ticks, 6, t);
            decodedPixels += (long)image.Width * image.Height;
            fullPixels += (long)h.Width * h.Height;
        }

        var total = ticks.Sum();
        foreach (var (name, tick) in Names.Zip(ticks))
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"stage {name,-7} {tick / 1e6 / rows,7:0.000} ms/image  {100.0 * tick / total,5:0.0} %"));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"stages: {rows} images, {total / 1e6 / rows:0.000} CPU ms/image = {rows * 1e9 / total:0.0} images/CPU-s; decoded {100.0 * decodedPixels / fullPixels:0.0} % of the original pixels (scaled decode)"));
    }

    private static long ThreadCpuNanoseconds()
    {
        const int ClockThreadCpuTimeId = 3;
        return ClockGetTime(ClockThreadCpuTimeId, out var time) == 0 ? (time.Seconds * 1_000_000_000) + time.Nanoseconds : 0;
    }

    [LibraryImport("libc", EntryPoint = "clock_gettime")]
    private static partial int ClockGetTime(int clock, out TimeSpec time);

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    private static long Lap(long[] ticks, int stage, long since)
    {
        var now = ThreadCpuNanoseconds();
        ticks[stage] += now - since;
        return now;
    }
}
