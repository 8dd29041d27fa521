using DataForge.Core.Options;
using DataForge.Core.Shards;
using DataForge.Ingest.Tests.Infrastructure;
using DataForge.TestUtils;

namespace DataForge.Ingest.Tests.Output;

public sealed class ResumeTests
{
    [SharedDataFact]
    public async Task RunAsync_Incremental_SkipsDoneShardsAndRedoesInterruptedOnes()
    {
        // Given 25 rows in shards of 10, a first complete run, then shard 1's marker removed and a stale temp left
        await using var server = new PhotoServer();
        using var temp = new TempDirectory();
        var input = WriteUrls(temp, server, 25);
        var output = temp.Combine("out");
        await new IngestRunner(IngestTestOptions.Create(input, output, o => o.SamplesPerShard = 10)).RunAsync();
        var shards = new ShardSet(output);
        File.Delete(shards.StatsPath(1));
        File.WriteAllText(shards.DataPath(2) + ShardNaming.TemporaryMarker + "stale", "half");
        var requestsBefore = server.Inner.Requests.Count;

        // When the run is repeated
        var summary = await new IngestRunner(IngestTestOptions.Create(input, output, o => o.SamplesPerShard = 10)).RunAsync();

        // Then only shard 1 was fetched again, and every row is present exactly once
        Assert.Equal(10, server.Inner.Requests.Count - requestsBefore);
        Assert.Equal(2, summary.ShardsSkipped);
        Assert.Equal([shards.DataPath(1)], summary.ShardPaths);
        Assert.Equal(10, summary.RunRows);
        Assert.Equal(25, summary.Rows);
        Assert.Equal(25L, ShardReadBack.Count(output));
        Assert.Equal(25L, Convert.ToInt64(DuckDb.Scalar($"SELECT count(DISTINCT key) FROM read_parquet('{ShardReadBack.Glob(output)}')")));
        Assert.Empty(Directory.EnumerateFiles(output, "*" + ShardNaming.TemporaryMarker + "*"));
    }

    [SharedDataFact]
    public async Task RunAsync_OverwriteAndExtend_ReplaceOrAppendShards()
    {
        await using var server = new PhotoServer();
        using var temp = new TempDirectory();
        var input = WriteUrls(temp, server, 15);
        var more = WriteUrls(temp, server, 12, "more.txt", offset: 100);
        var output = temp.Combine("out");
        IngestOptions Options(string file, IncrementalMode mode) => IngestTestOptions.Create(file, output, o => { o.SamplesPerShard = 10; o.Run.Incremental = mode; });
        await new IngestRunner(Options(input, IncrementalMode.Incremental)).RunAsync();

        // Extend numbers the shards of another input after the existing ones
        var extended = await new IngestRunner(Options(more, IncrementalMode.Extend)).RunAsync();
        Assert.Equal([0, 1, 2, 3], new ShardSet(output).ListDoneShards());
        Assert.Equal(12, extended.RunRows);
        Assert.Equal(27, extended.Rows);
        Assert.Equal(27L, ShardReadBack.Count(output));
        Assert.Equal("000020", ShardReadBack.Rows(output, "key", "key >= '000020'")[0][0]);

        // Extending with an input that is already there adds nothing (it would duplicate every row)
        var again = await new IngestRunner(Options(more, IncrementalMode.Extend)).RunAsync();
        Assert.Equal(0, again.RunRows);
        Assert.Equal(27L, ShardReadBack.Count(output));

        // Overwrite starts again from shard 0
        var overwritten = await new IngestRunner(Options(input, IncrementalMode.Overwrite)).RunAsync();
        Assert.Equal([0, 1], new ShardSet(output).ListDoneShards());
        Assert.Equal(15, overwritten.Rows);
        Assert.Equal(15L, ShardReadBack.Count(output));
    }

    [SharedDataFact]
    public async Task RunAsync_RetryFailedFrom_RefetchesOnlyFailedRowsAndKeepsKeys()
    {
        // Given a first run where every /toggle/ URL failed with 503
        await using var server = new PhotoServer();
        using var temp = new TempDirectory();
        var input = temp.Combine("urls.txt");
        File.WriteAllLines(input, [server.Url("/photos/small/456_123.jpg"), server.Url("/toggle/small/123_456.jpg"), server.Url("/404"), server.Url("/toggle/sam/dog.jpg")]);
        var first = temp.Combine("first");
        await new IngestRunner(IngestTestOptions.Create(input, first, o => o.Download.MaxRetries = 0)).RunAsync();
        Assert.Equal(1L, ShardReadBack.Count(first, "status = 'success'"));

        // When the server recovers and only the failed rows are retried into a new folder
        server.ToggleFails = false;
        var before = server.Inner.Requests.Count;
        var second = temp.Combine("second");
        var summary = await new IngestRunner(IngestTestOptions.Create("", second, o => o.RetryFailedFrom = first)).RunAsync();

        // Then the success was carried (not fetched), the three failures were fetched again, keys are unchanged
        var paths = server.Inner.Requests.Skip(before).Select(r => r.Path).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(["/404", "/toggle/sam/dog.jpg", "/toggle/small/123_456.jpg"], paths);
        Assert.Equal(3, summary.Successes);
        Assert.Equal(ShardReadBack.Rows(first, "key, url"), ShardReadBack.Rows(second, "key, url"));
        Assert.Equal(ShardReadBack.Rows(first, "jpg", "status = 'success'"), ShardReadBack.Rows(second, "jpg", "key = '0000000'"));
        Assert.Equal("HTTP Error 404: Not Found", ShardReadBack.Rows(second, "error_message", "status <> 'success'")[0][0]);
    }

    [SharedDataFact]
    public async Task RunAsync_Dedup_MarksNineOfTheTenFramesAcrossShardsAndKeepsEveryRow()
    {
        // Given other photos, then the ten frames, in shards of 4 processed one at a time
        using var temp = new TempDirectory();
        var folder = temp.Combine("images");
        Directory.CreateDirectory(folder);
        foreach (var file in Directory.EnumerateFiles(TestPhotos.Small, "*.jpg").Concat(Directory.EnumerateFiles(TestPhotos.Sam)))
        {
            File.Copy(file, Path.Combine(folder, "a_" + Path.GetFileName(file)));
        }

        foreach (var file in Directory.EnumerateFiles(TestPhotos.NearDup))
        {
            File.Copy(file, Path.Combine(folder, "b_" + Path.GetFileName(file)));
        }

        var output = temp.Combine("out");
        var summary = await new IngestRunner(IngestTestOptions.Create(folder, output, o =>
        {
            o.SamplesPerShard = 4;
            o.ShardParallelism = 1;
            o.NearDuplicates.Enabled = true;
            o.Image.ImageSize = 128;
        })).RunAsync();

        // Then all 21 rows are there; exactly the nine later frames are filtered, each pointing at an earlier frame
        Assert.Equal(21L, ShardReadBack.Count(output));
        var filtered = ShardReadBack.Rows(output, "url, error_message", "status = 'filtered'");
        Assert.Equal(
            Directory.EnumerateFiles(TestPhotos.NearDup).Select(Path.GetFileName).Order(StringComparer.Ordinal).Skip(1).Select(n => Path.Combine(folder, "b_" + n)),
            filtered.Select(r => (string)r[0]!));
        Assert.All(filtered, r => Assert.Matches("^near duplicate of [0-9]{6} \\(hamming distance [0-9]+, color distance 0\\.[0-9]{3}\\)$", (string)r[1]!));
        Assert.Equal(12, summary.Successes);
        Assert.True(ShardReadBack.Count(output, "status = 'filtered' AND jpg IS NULL") == 9);
    }

    private static string WriteUrls(TempDirectory temp, PhotoServer server, int count, string name = "urls.txt", int offset = 0)
    {
        var photos = Directory.EnumerateFiles(TestPhotos.Small, "*.jpg").Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray();
        var input = temp.Combine(name);
        File.WriteAllLines(input, Enumerable.Range(offset, count).Select(i => server.Url($"/photos/small/{photos[i % photos.Length]}?n={i}")));
        return input;
    }
}
