using System.Diagnostics;
using System.Numerics;

namespace DataForge.Captioner.Bench;

/// <summary>Measures the read bandwidth this machine sustains: a vectorised sum over 512 MiB on every core, best of three.</summary>
internal static class MemoryBandwidth
{
    public static double MeasureBytesPerSecond()
    {
        var data = new float[128 * 1024 * 1024];
        Array.Fill(data, 1f);
        var partitions = Environment.ProcessorCount;
        var best = 0.0;
        for (var run = 0; run < 3; run++)
        {
            var clock = Stopwatch.StartNew();
            var sums = new float[partitions];
            Parallel.For(0, partitions, p =>
            {
                var chunk = data.Length / partitions;
                var span = data.AsSpan(p * chunk, chunk);
                var acc = Vector<float>.Zero;
                for (var i = 0; i + Vector<float>.Count <= span.Length; i += Vector<float>.Count)
                {
                    acc += new Vector<float>(span[i..]);
                }

                sums[p] = Vector.Sum(acc);
            });
            var seconds = clock.Elapsed.TotalSeconds;
            GC.KeepAlive(sums);
            best = Math.Max(best, data.Length * 4.0 / seconds);
        }

        return best;
    }
}
