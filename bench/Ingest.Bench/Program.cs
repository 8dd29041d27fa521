using System.Diagnostics;
using System.Globalization;
using DataForge.Ingest;
using DataForge.Ingest.Bench;
using DataForge.Ingest.Imaging;

// Usage: kernel|e2e <photos-folder> <rows>. Both use one core for image work (--parallelism 1), so the figures are
// images/s per core; the loopback server of e2e runs in this process on the other cores.
var mode = args[0];
var folder = args[1];
var rows = int.Parse(args[2], CultureInfo.InvariantCulture);
var files = Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
    .Where(f => f.EndsWith(".jpg", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".png", StringComparison.OrdinalIgnoreCase))
    .Order(StringComparer.Ordinal)
    .Select(File.ReadAllBytes)
    .ToArray();
var image = new ImageOptions { ImageSize = 256, ResizeMode = ImageResizeMode.Border, EncodeFormat = ImageEncodeFormat.Jpg, EncodeQuality = 95 };

if (mode == "kernel")
{
    var pipeline = new ImagePipeline(image);
    for (var i = 0; i < files.Length; i++)
    {
        pipeline.Process(files[i], null, HashAlgorithmKind.Sha256); // warm-up: JIT and pools
    }

    var clock = Stopwatch.StartNew();
    for (var i = 0; i < rows; i++)
    {
        pipeline.Process(files[i % files.Length], null, HashAlgorithmKind.Sha256);
    }

    Report("kernel", rows, clock.Elapsed);
}
else
{
    var port = 18000 + Environment.ProcessId % 1000;
    using var server = new StaticFileServer(files, port);
    var work = Directory.CreateTempSubdirectory("dataforge-ingest-bench").FullName;
    try
    {
        async Task<TimeSpan> RunAsync(int count, string name)
        {
            var input = Path.Combine(work, name + ".txt");
            await File.WriteAllLinesAsync(input, Enumerable.Range(0, count).Select(i => $"http://127.0.0.1:{port}/i/{i}"));
            var options = new IngestOptions { InputPath = input, Image = image, SamplesPerShard = 1000, ShardParallelism = 1 };
            options.Run.OutputDirectory = Path.Combine(work, name);
            options.Run.ManifestDirectory = Path.Combine(work, name + "-manifests");
            options.Run.Parallelism = 1;
            options.Download.AllowPrivateAddresses = true;
            var clock = Stopwatch.StartNew();
            var summary = await new IngestRunner(options).RunAsync();
            if (summary.Successes != count)
            {
                throw new InvalidOperationException($"{summary.Successes} of {count} rows succeeded");
            }

            return clock.Elapsed;
        }

        await RunAsync(files.Length, "warmup");
        Report("e2e", rows, await RunAsync(rows, "run"));
    }
    finally
    {
        Directory.Delete(work, recursive: true);
    }
}

static void Report(string name, int rows, TimeSpan elapsed) =>
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name}: {rows} images in {elapsed.TotalSeconds:0.00}s = {rows / elapsed.TotalSeconds:0.0} images/s per core"));
