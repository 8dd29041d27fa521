using System.Diagnostics;
using System.Globalization;
using DataForge.Core.Shards;
using DataForge.TestUtils;

namespace DataForge.Cli.Tests.Commands;

/// <summary>
/// Real <c>dataforge ingest</c> processes on one output folder, as Slurm arrays and Kubernetes indexed jobs run them,
/// and reruns after a SIGKILL: every input row ends up in the output exactly once, fetched once, or the run refuses.
/// </summary>
[Collection(nameof(IngestWorkersTests))]
public sealed class IngestWorkersTests
{
    private const int Rows = 48;
    private const int PerShard = 4;

    [SharedDataTheory]
    [InlineData(2)] // the documented split: worker i of 2 owns the shards with id % 2 == i
    [InlineData(1)] // a misconfigured array: both workers believe they own every shard
    public async Task TwoWorkersStartedTogether_WriteEveryRowOnce_AndFetchEachOnce(int shardCount)
    {
        // Given a slow server, so the two workers are in flight at the same time
        await using var server = new SlowPhotoServer(SharedData.Path("photos", "small", "456_123.jpg"), TimeSpan.FromMilliseconds(40));
        using var temp = new TempDirectory();
        var input = server.WriteUrlList(temp.Combine("urls.txt"), Rows);
        var output = temp.Combine("out");

        // When two dataforge processes start at the same moment
        using var first = Start(Args(input, output, PerShard, "--shard-index", "0", "--shard-count", shardCount.ToString(CultureInfo.InvariantCulture)));
        using var second = Start(Args(input, output, PerShard, "--shard-index", (shardCount - 1).ToString(CultureInfo.InvariantCulture), "--shard-count", shardCount.ToString(CultureInfo.InvariantCulture)));
        var (firstCode, firstErr) = await FinishAsync(first);
        var (secondCode, secondErr) = await FinishAsync(second);

        // Then both succeed, every row is in the output once, no row was fetched twice, nothing temporary is left
        Assert.True(firstCode == 0, firstErr);
        Assert.True(secondCode == 0, secondErr);
        Assert.Equal(Enumerable.Range(0, Rows / PerShard), new ShardSet(output).ListDoneShards());
        AssertEveryRowOnce(output, input);
        Assert.Equal(Rows, server.Hits.Count);
        Assert.All(server.Hits, hit => Assert.True(hit.Value == 1, $"{hit.Key} was fetched {hit.Value} times"));
    }

    [SharedDataFact]
    public async Task KilledRun_RerunWithOtherSamplesPerShard_RefusesWithExit2_ThenTheOriginalOptionsFinish()
    {
        await using var server = new SlowPhotoServer(SharedData.Path("photos", "small", "456_123.jpg"), TimeSpan.FromMilliseconds(60));
        using var temp = new TempDirectory();
        var input = server.WriteUrlList(temp.Combine("urls.txt"), Rows);
        var output = temp.Combine("out");

        // Given a run killed with SIGKILL after its first shards finished
        using (var run = Start(Args(input, output, PerShard, "--shard-parallelism", "1")))
        {
            var deadline = Stopwatch.StartNew();
            while (new ShardSet(output).ListDoneShards().Count < 2 && !run.HasExited && deadline.Elapsed < TimeSpan.FromSeconds(60))
            {
                await Task.Delay(10);
            }

            Assert.False(run.HasExited, "the run finished before it could be killed");
            run.Kill();
            await run.WaitForExitAsync();
        }

        var finished = new ShardSet(output).ListDoneShards();
        Assert.InRange(finished.Count, 2, (Rows / PerShard) - 1);

        // When it is rerun with another --samples-per-shard
        using (var changed = Start(Args(input, output, PerShard / 2)))
        {
            var (code, error) = await FinishAsync(changed);

            // Then it refuses as a usage error naming the option, and the finished shards are untouched
            Assert.Equal(2, code);
            Assert.Contains("--samples-per-shard", error, StringComparison.Ordinal);
            Assert.Equal(finished, new ShardSet(output).ListDoneShards());
        }

        // And the original options resume to every row exactly once
        using (var resumed = Start(Args(input, output, PerShard)))
        {
            var (code, error) = await FinishAsync(resumed);
            Assert.True(code == 0, error);
        }

        AssertEveryRowOnce(output, input);
    }

    [SharedDataFact]
    public async Task Overwrite_WithAWrongUrlColumn_ExitsWith2AndKeepsTheOldShards()
    {
        await using var server = new SlowPhotoServer(SharedData.Path("photos", "small", "456_123.jpg"), TimeSpan.Zero);
        using var temp = new TempDirectory();
        var urls = File.ReadAllLines(server.WriteUrlList(temp.Combine("urls.txt"), 8));
        var input = temp.Combine("urls.parquet");
        await ShardFileWriter.WriteTableAsync(input, new ShardTable([ShardColumn.Of("url", urls.Select(u => (string?)u).ToArray())]));
        var output = temp.Combine("out");
        using (var run = Start(Args(input, output, PerShard)))
        {
            var (code, error) = await FinishAsync(run);
            Assert.True(code == 0, error);
        }

        using (var overwrite = Start([.. Args(input, output, PerShard), "--incremental", "Overwrite", "--url-column", "URL"]))
        {
            var (code, error) = await FinishAsync(overwrite);
            Assert.Equal(2, code);
            Assert.Contains("URL", error, StringComparison.Ordinal);
        }

        Assert.Equal([0, 1], new ShardSet(output).ListDoneShards());
        Assert.Equal(8L, Convert.ToInt64(DuckDb.Scalar($"SELECT count(*) FROM read_parquet('{DuckDb.Escape(Path.Combine(output, "*.parquet"))}')")));
    }

    [Fact]
    public async Task Ingest_EveryRowFailed_ExitsWith5SoTheNextStageDoesNotStartOnNothing()
    {
        // Given URLs on a loopback port where nothing listens
        using var temp = new TempDirectory();
        int port;
        using (var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0))
        {
            probe.Start();
            port = ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
        }

        var input = temp.Combine("urls.txt");
        File.WriteAllLines(input, Enumerable.Range(0, 6).Select(i => $"http://127.0.0.1:{port}/{i}.jpg"));
        var output = temp.Combine("out");

        using var run = Start([.. Args(input, output, PerShard), "--retries", "0"]);
        var (code, error) = await FinishAsync(run);

        // Then the rows are recorded as failed downloads, and the exit code says every one failed
        Assert.True(code == 5, error);
        Assert.Contains("every one of the 6 rows this run wrote failed", error, StringComparison.Ordinal);
        Assert.Equal(6L, Convert.ToInt64(DuckDb.Scalar($"SELECT count(*) FROM read_parquet('{DuckDb.Escape(Path.Combine(output, "*.parquet"))}') WHERE status = 'failed_to_download'")));
    }

    private static string[] Args(string input, string output, int perShard, params string[] more) =>
    [
        "ingest", "--input", input, "--output", output, "--samples-per-shard", perShard.ToString(CultureInfo.InvariantCulture),
        "--allow-address-range", "127.0.0.0/8", "--image-size", "32", "--row-group-size", "2", "--download-concurrency", "2",
        "--manifest-dir", output + "-manifests", .. more,
    ];

    private static Process Start(string[] args) => CliProcess.Start(args);

    private static async Task<(int Code, string Error)> FinishAsync(Process process)
    {
        var (code, output, error) = await CliProcess.FinishAsync(process);
        return (code, error + output);
    }

    private static void AssertEveryRowOnce(string output, string input)
    {
        var glob = DuckDb.Escape(Path.Combine(output, "*.parquet"));
        var urls = DuckDb.Query($"SELECT url FROM read_parquet('{glob}') ORDER BY url").Select(r => (string)r[0]!).ToList();
        Assert.Equal(File.ReadAllLines(input).Order(StringComparer.Ordinal), urls);
        Assert.Equal((long)urls.Count, Convert.ToInt64(DuckDb.Scalar($"SELECT count(DISTINCT key) FROM read_parquet('{glob}')")));
        Assert.Empty(Directory.EnumerateFiles(output, "*" + ShardNaming.TemporaryMarker + "*"));
    }
}
