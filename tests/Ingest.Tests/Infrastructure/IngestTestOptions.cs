namespace DataForge.Ingest.Tests.Infrastructure;

/// <summary>Options for tests: loopback allowed, short timeouts and backoff, small shards, modest parallelism.</summary>
public static class IngestTestOptions
{
    public static IngestOptions Create(string input, string output, Action<IngestOptions>? configure = null)
    {
        var options = new IngestOptions
        {
            InputPath = input,
            SamplesPerShard = 100,
            RowGroupSize = 16,
            ShardParallelism = 2,
        };
        options.Run.OutputDirectory = output;
        options.Run.ManifestDirectory = Path.Combine(output, "..", Path.GetFileName(output) + "-manifests");
        options.Run.Parallelism = 2;
        options.Download.AllowPrivateAddresses = true;
        options.Download.AttemptTimeout = TimeSpan.FromSeconds(2);
        options.Download.TotalTimeout = TimeSpan.FromSeconds(8);
        options.Download.RetryBaseDelay = TimeSpan.FromMilliseconds(20);
        options.Download.MaxRetryDelay = TimeSpan.FromSeconds(2);
        options.Download.MaxBodyBytes = 1 << 20;
        options.Download.Concurrency = 16;
        options.Image.ImageSize = 64;
        configure?.Invoke(options);
        return options;
    }
}
