using System.Diagnostics;
using System.Globalization;
using DataForge.Ingest;
using DataForge.Ingest.Bench;
using DataForge.Ingest.Imaging;

// Usage: kernel|e2e|stages <photos-folder> <rows> [warm-up rows], serve <photos-folder> <port>, or check <shards> <urls>. "stages" times each step of the kernel separately
// (see StageTimer) to show where the time goes. Both use one core for image work (--parallelism 1), so the
// figures are images/s per core; the loopback server of e2e runs in this process on the other cores. Both modes first
// run the same number of warm-up rows through the same path, so the timed rows see steady-state (tier-1) code: a
// real ingest runs for hours, and the JIT's tier-up of the HTTP, Parquet and image paths is a start-up cost that a
// short timed run would otherwise charge to end to end (about a fifth of its CPU at 1,000 rows).
var mode = args[0];
if (mode == "check")
{
    // check <shard-folder> <url-list>: the exactly-once check of bench/ingest_workers.sh.
    Environment.Exit(await WorkerRunCheck.RunAsync(args[1], args[2]));
}

var folder = args[1];
var rows = int.Parse(args[2], CultureInfo.InvariantCulture);
var warmup = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 500;
var files = Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
    .Where(f => f.EndsWith(".jpg", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".png", StringComparison.OrdinalIgnoreCase))
    .Order(StringComparer.Ordinal)
    .Select(File.ReadAllBytes)
    .ToArray();
var image = new ImageOptions { ImageSize = 256, ResizeMode = ImageResizeMode.Border, EncodeFormat = ImageEncodeFormat.Jpg, EncodeQuality = 95 };

if (mode == "serve")
{
    // The photo server on its own (ingest.sh runs it as a separate process), so e2e's CPU is only the ingest's.
    using var server = new StaticFileServer(files, rows);
    Console.WriteLine($"serving {files.Length} photos on 127.0.0.1:{rows}");
    await Task.Delay(Timeout.Infinite);
}
else if (mode == "stages")
{
    StageTimer.Run(files, image, rows, warmup);
}
else if (mode == "kernel")
{
    var pipeline = new ImagePipeline(image);
    for (var i = 0; i < warmup; i++)
    {
        pipeline.Process(files[i % files.Length], null, HashAlgorithmKind.Sha256);
    }

    var before = Usage();
    var clock = Stopwatch.StartNew();
    for (var i = 0; i < rows; i++)
    {
        pipeline.Process(files[i % files.Length], null, HashAlgorithmKind.Sha256);
    }

    Report("kernel", rows, clock.Elapsed, before);
}
else
{
    // DATAFORGE_BENCH_SERVER_PORT: photos served by another process (`serve`); otherwise by this one, whose
    // process CPU then includes the server's.
    var external = Environment.GetEnvironmentVariable("DATAFORGE_BENCH_SERVER_PORT");
    var port = external is null ? 18000 + (Environment.ProcessId % 1000) : int.Parse(external, CultureInfo.InvariantCulture);
    using var server = external is null ? new StaticFileServer(files, port) : null;
    var work = Directory.CreateTempSubdirectory("dataforge-ingest-bench").FullName;
    try
    {
        async Task<(TimeSpan Elapsed, (TimeSpan, int, int, TimeSpan) Before)> RunAsync(int count, string name)
        {
            var input = Path.Combine(work, name + ".txt");
            await File.WriteAllLinesAsync(input, Enumerable.Range(0, count).Select(i => $"http://127.0.0.1:{port}/i/{i}"));
            var options = new IngestOptions { InputPath = input, Image = image, SamplesPerShard = 1000, ShardParallelism = 1 };
            options.Run.OutputDirectory = Path.Combine(work, name);
            options.Run.ManifestDirectory = Path.Combine(work, name + "-manifests");
            options.Run.Parallelism = 1;
            options.Download.AllowPrivateAddresses = true;
            var before = Usage();
            var clock = Stopwatch.StartNew();
            var summary = await new IngestRunner(options).RunAsync();
            if (summary.Successes != count)
            {
                throw new InvalidOperationException($"{summary.Successes} of {count} rows succeeded");
            }

            return (clock.Elapsed, before);
        }

        await RunAsync(warmup, "warmup");
        var (elapsed, usage) = await RunAsync(rows, "run");
        Report("e2e", rows, elapsed, usage);
    }
    finally
    {
        Directory.Delete(work, recursive: true);
    }
}

// The rate comes first (ingest.sh parses it); CPU and GC figures after it show where end to end spends more than the
// kernel, and the peak RSS (VmHWM: the most this one-worker process ever had resident) is the memory per worker.
static void Report(string name, int rows, TimeSpan elapsed, (TimeSpan Cpu, int Gen0, int Gen2, TimeSpan Pauses) before)
{
    var after = Usage();
    Console.WriteLine(string.Create(
        CultureInfo.InvariantCulture,
        $"{name}: {rows} images in {elapsed.TotalSeconds:0.00}s = {rows / elapsed.TotalSeconds:0.0} images/s per core, {rows / (after.Cpu - before.Cpu).TotalSeconds:0.0} images/CPU-s (process CPU {(after.Cpu - before.Cpu).TotalMilliseconds / rows:0.00} ms/image, GC gen0 {after.Gen0 - before.Gen0}, gen2 {after.Gen2 - before.Gen2}, pauses {(after.Pauses - before.Pauses).TotalSeconds:0.00}s, peak RSS {PeakRssMb()} MB)"));
}

static long PeakRssMb()
{
    var line = File.ReadLines("/proc/self/status").First(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
    return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;
}

static (TimeSpan Cpu, int Gen0, int Gen2, TimeSpan Pauses) Usage()
{
    using var self = Process.GetCurrentProcess();
    return (self.TotalProcessorTime, GC.CollectionCount(0), GC.CollectionCount(2), GC.GetTotalPauseDuration());
}
