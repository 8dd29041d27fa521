using System.Text.Json;
using DataForge.Core.Errors;
using DataForge.Core.Options;
using DataForge.Core.Shards;
using DataForge.Ingest.Tests.Infrastructure;
using DataForge.TestUtils;

namespace DataForge.Ingest.Tests.Output;

/// <summary>
/// Reruns with changed options, extend after an interruption, overwrite with a bad input, lost data files and no-op
/// reruns: the output holds every input row exactly once, or the run refuses before it changes anything.
/// </summary>
public sealed class ShardIdentityTests
{
    [SharedDataFact]
    public async Task Rerun_WithOtherSamplesPerShardAfterAnInterruption_RefusesNamingTheOptionAndChangesNothing()
    {
        // Given 20 rows in shards of 4 where the last two shards never finished (as after a kill)
        await using var server = new PhotoServer();
        using var temp = new TempDirectory();
        var input = WriteUrls(temp, server, 20);
        var output = temp.Combine("out");
        await new IngestRunner(IngestTestOptions.Create(input, output, o => o.SamplesPerShard = 4)).RunAsync();
        var shards = new ShardSet(output);
        foreach (var id in new[] { 3, 4 })
        {
            shards.Delete(id);
        }

        var before = Directory.GetFiles(output).Order(StringComparer.Ordinal).ToList();
        var requests = server.Inner.Requests.Count;

        // When the run is repeated with another --samples-per-shard
        var refusal = await Assert.ThrowsAsync<OptionsValidationException>(
            () => new IngestRunner(IngestTestOptions.Create(input, output, o => o.SamplesPerShard = 2)).RunAsync());

        // Then it names the option and both values, fetched nothing and left every file as it was
        Assert.Equal("--samples-per-shard", refusal.OptionName);
        Assert.Contains("'4' there, '2' now", refusal.Message, StringComparison.Ordinal);
        Assert.Equal(requests, server.Inner.Requests.Count);
        Assert.Equal(before, Directory.GetFiles(output).Order(StringComparer.Ordinal).ToList());

        // And the original options resume to every row exactly once
        await new IngestRunner(IngestTestOptions.Create(input, output, o => o.SamplesPerShard = 4)).RunAsync();
        AssertEveryRowOnce(output, input);
    }

    [SharedDataFact]
    public async Task Rerun_AfterTheInputFileChanged_RefusesNamingTheInput()
    {
        await using var server = new PhotoServer();
        using var temp = new TempDirectory();
        var input = WriteUrls(temp, server, 8);
        var output = temp.Combine("out");
        await new IngestRunner(IngestTestOptions.Create(input, output, o => o.SamplesPerShard = 4)).RunAsync();

        // The list is edited in place: same name, other rows
        WriteUrls(temp, server, 8, offset: 50);
        var refusal = await Assert.ThrowsAsync<OptionsValidationException>(
            () => new IngestRunner(IngestTestOptions.Create(input, output, o => o.SamplesPerShard = 4)).RunAsync());

        Assert.Equal("--input", refusal.OptionName);
        Assert.Contains("input's content differs", refusal.Message, StringComparison.Ordinal);
    }

    [SharedDataFact]
    public async Task Extend_RerunAfterAnInterruptedExtend_ResumesItWithoutDuplicates()
    {
        // Given a dataset of one input, then an extend by a second input that stopped after its first shard
        await using var server = new PhotoServer();
        using var temp = new TempDirectory();
        var first = WriteUrls(temp, server, 8);
        var second = WriteUrls(temp, server, 10, "second.txt", offset: 100);
        var output = temp.Combine("out");
        await new IngestRunner(IngestTestOptions.Create(first, output, o => o.SamplesPerShard = 4)).RunAsync();
        await new IngestRunner(IngestTestOptions.Create(second, output, o => { o.SamplesPerShard = 4; o.Run.Incremental = IncrementalMode.Extend; })).RunAsync();
        var shards = new ShardSet(output);
        Assert.Equal([0, 1, 2, 3, 4], shards.ListDoneShards());
        shards.Delete(3);
        shards.Delete(4);

        // When the same extend is started again
        var resumed = await new IngestRunner(IngestTestOptions.Create(second, output, o => { o.SamplesPerShard = 4; o.Run.Incremental = IncrementalMode.Extend; })).RunAsync();

        // Then it finished the second input where it had begun: 18 rows, each once, in shards 0-4
        Assert.Equal(6, resumed.RunRows);
        Assert.Equal([0, 1, 2, 3, 4], shards.ListDoneShards());
        var urls = ShardReadBack.Rows(output, "url").Select(r => (string)r[0]!).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(File.ReadAllLines(first).Concat(File.ReadAllLines(second)).Order(StringComparer.Ordinal), urls);
        Assert.Equal(18L, Convert.ToInt64(DuckDb.Scalar($"SELECT count(DISTINCT key) FROM read_parquet('{ShardReadBack.Glob(output)}')")));

        // And a plain incremental rerun of the first input still resumes (its shards come first), adding nothing
        var rerun = await new IngestRunner(IngestTestOptions.Create(first, output, o => o.SamplesPerShard = 4)).RunAsync();
        Assert.Equal(0, rerun.RunRows);
        Assert.Equal(18, rerun.Rows);
    }

    [SharedDataFact]
    public async Task Overwrite_WithAWrongColumnOrACorruptInput_RefusesBeforeDeletingAnything()
    {
        // Given a finished run from a Parquet URL list
        await using var server = new PhotoServer();
        using var temp = new TempDirectory();
        var urls = File.ReadAllLines(WriteUrls(temp, server, 6));
        var input = temp.Combine("urls.parquet");
        await ShardFileWriter.WriteTableAsync(input, new ShardTable([ShardColumn.Of("url", urls.Select(u => (string?)u).ToArray())]));
        var output = temp.Combine("out");
        await new IngestRunner(IngestTestOptions.Create(input, output, o => o.SamplesPerShard = 4)).RunAsync();
        var finished = new ShardSet(output).ListDoneShards();
        Assert.Equal([0, 1], finished);

        // When overwrite is asked for with a column the input does not have
        await Assert.ThrowsAsync<OptionsValidationException>(() => new IngestRunner(IngestTestOptions.Create(input, output, o =>
        {
            o.SamplesPerShard = 4;
            o.UrlColumn = "URL";
            o.Run.Incremental = IncrementalMode.Overwrite;
        })).RunAsync());

        // Or with an input file that is not Parquet any more
        var corrupt = temp.Combine("corrupt.parquet");
        File.WriteAllBytes(corrupt, [.. File.ReadAllBytes(input).Take(40)]);
        await Assert.ThrowsAnyAsync<Exception>(() => new IngestRunner(IngestTestOptions.Create(corrupt, output, o =>
        {
            o.SamplesPerShard = 4;
            o.Run.Incremental = IncrementalMode.Overwrite;
        })).RunAsync());

        // Then the old shards are all still there, complete
        Assert.Equal(finished, new ShardSet(output).ListDoneShards());
        Assert.Equal(6L, ShardReadBack.Count(output));
    }

    [SharedDataFact]
    public async Task Rerun_MarkerWithoutItsDataFile_RedoesThatShard()
    {
        await using var server = new PhotoServer();
        using var temp = new TempDirectory();
        var input = WriteUrls(temp, server, 12);
        var output = temp.Combine("out");
        await new IngestRunner(IngestTestOptions.Create(input, output, o => o.SamplesPerShard = 4)).RunAsync();
        var shards = new ShardSet(output);
        File.Delete(shards.DataPath(1));
        Assert.False(shards.IsDone(1));
        Assert.Equal([0, 2], shards.ListDoneShards());

        var summary = await new IngestRunner(IngestTestOptions.Create(input, output, o => o.SamplesPerShard = 4)).RunAsync();

        Assert.Equal([shards.DataPath(1)], summary.ShardPaths);
        AssertEveryRowOnce(output, input);
    }

    [SharedDataFact]
    public async Task Rerun_WithNothingToDo_LeavesTheDatasetSummaryAsItWas()
    {
        await using var server = new PhotoServer();
        using var temp = new TempDirectory();
        var input = WriteUrls(temp, server, 9);
        File.AppendAllLines(input, [server.Url("/404")]);
        var output = temp.Combine("out");
        await new IngestRunner(IngestTestOptions.Create(input, output, o => o.SamplesPerShard = 4)).RunAsync();
        var path = Path.Combine(output, IngestConstants.SummaryFileName);
        var first = Dataset(path);

        var rerun = await new IngestRunner(IngestTestOptions.Create(input, output, o => o.SamplesPerShard = 4)).RunAsync();

        Assert.Equal(0, rerun.RunRows);
        Assert.Equal(3, rerun.ShardsSkipped);
        Assert.Equal((10L, 9L, 3L), (first.Rows, first.Successes, first.Shards));
        Assert.Equal(first, Dataset(path));
        using var document = JsonDocument.Parse(File.ReadAllBytes(path));
        Assert.Equal(1, document.RootElement.GetProperty("status_counts").GetProperty(RowStatus.FailedToDownload).GetInt64());
    }

    internal static void AssertEveryRowOnce(string output, string input)
    {
        var rows = ShardReadBack.Rows(output, "url, count(*) OVER (PARTITION BY key) AS copies");
        Assert.Equal(File.ReadAllLines(input), rows.Select(r => (string)r[0]!));
        Assert.All(rows, r => Assert.Equal(1L, Convert.ToInt64(r[1])));
        Assert.Empty(Directory.EnumerateFiles(output, "*" + ShardNaming.TemporaryMarker + "*"));
    }

    internal static string WriteUrls(TempDirectory temp, PhotoServer server, int count, string name = "urls.txt", int offset = 0)
    {
        var photos = Directory.EnumerateFiles(TestPhotos.Small, "*.jpg").Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray();
        var input = temp.Combine(name);
        File.WriteAllLines(input, Enumerable.Range(offset, count).Select(i => server.Url($"/delay/0/small/{photos[i % photos.Length]}?n={i}")));
        return input;
    }

    private static (long Rows, long Successes, long Shards) Dataset(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(path));
        var root = document.RootElement;
        return (root.GetProperty("rows").GetInt64(), root.GetProperty("successes").GetInt64(), root.GetProperty("shards").GetInt64());
    }
}
