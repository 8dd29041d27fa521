using DataForge.Core.Manifests;
using DataForge.Ingest.Tests.Infrastructure;
using DataForge.TestUtils;

namespace DataForge.Ingest.Tests.Output;

/// <summary>The ingest manifest says what the finished shards were made with, whatever the last run's options were.</summary>
public sealed class ManifestParametersTests
{
    [SharedDataFact]
    public async Task Rerun_WithAnotherImageSizeOverFinishedShards_ManifestKeepsTheSizeTheShardsWereMadeAt()
    {
        // Given 8 rows ingested at 64 px into two finished shards
        await using var server = new PhotoServer();
        using var temp = new TempDirectory();
        var input = ShardIdentityTests.WriteUrls(temp, server, 8);
        var output = temp.Combine("out");
        await new IngestRunner(IngestTestOptions.Create(input, output, o => o.SamplesPerShard = 4)).RunAsync();

        // When a rerun asks for 128 px and, finding every shard done, skips them all
        var summary = await new IngestRunner(IngestTestOptions.Create(input, output, o => { o.SamplesPerShard = 4; o.Image.ImageSize = 128; })).RunAsync();

        // Then the manifest still says 64 px, as the stored images are
        var manifest = await ManifestStore.LoadAsync(summary.ManifestPath!);
        Assert.Equal("64", manifest.Stages[0].Parameters["Image.ImageSize"]);
        Assert.Equal(2, manifest.Shards.Count);
        Assert.All(manifest.Shards, s => Assert.Null(s.Parameters));
        var glob = DuckDb.Escape(Path.Combine(output, "*.parquet"));
        Assert.Equal(64L, Convert.ToInt64(DuckDb.Scalar($"SELECT max(greatest(width, height)) FROM read_parquet('{glob}') WHERE status = 'success'")));
    }
}
