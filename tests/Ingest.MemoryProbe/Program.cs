using DataForge.Ingest;

// Usage: <image-folder> <output>. Ingests the folder (one image at a time, 64 px border) through the real
// IngestRunner and prints "peak_rss_kb N" from /proc/self/status (VmHWM: the most resident memory this process
// ever had), so a test can see whether any image was decoded at full size.
var options = new IngestOptions { InputPath = args[0], SamplesPerShard = 100, ShardParallelism = 1 };
options.Run.OutputDirectory = args[1];
options.Run.ManifestDirectory = Path.Combine(args[1], "manifests");
options.Run.Parallelism = 1;
options.Image.ImageSize = 64;
var summary = await IngestRunner.RunAsync(options, progress: null);
var peak = File.ReadLines("/proc/self/status").First(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
Console.WriteLine($"rows {summary.Rows}");
Console.WriteLine($"peak_rss_kb {peak.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]}");
