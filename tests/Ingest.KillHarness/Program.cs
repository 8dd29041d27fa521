using DataForge.Ingest;

// Usage: <input> <output> <samples-per-shard>. Runs one ingest with loopback allowed, one shard at a time, so the
// test can kill it (SIGKILL) in the middle of a shard and start it again.
var options = new IngestOptions
{
    InputPath = args[0],
    SamplesPerShard = int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture),
    RowGroupSize = 4,
    ShardParallelism = 1,
};
options.Run.OutputDirectory = args[1];
options.Run.ManifestDirectory = Path.Combine(args[1], "manifests");
options.Run.Parallelism = 1;
options.Download.AllowPrivateAddresses = true;
options.Download.Concurrency = 2;
options.Image.ImageSize = 32;
var summary = await IngestRunner.RunAsync(options, progress: null);
Console.WriteLine($"done {summary.Rows}");
