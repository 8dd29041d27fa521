using System.Diagnostics;
using DataForge.Core.Shards;
using DataForge.Ingest.Tests.Infrastructure;
using DataForge.TestUtils;

namespace DataForge.Ingest.Tests.Output;

/// <summary>
/// A real child process is killed with SIGKILL in the middle of a shard and started again: every input row must
/// end up in the output exactly once, and nothing half-written may remain.
/// </summary>
public sealed class KillRestartTests
{
    private const int Rows = 60;
    private const int PerShard = 10;

    [SharedDataFact]
    public async Task Ingest_KilledMidShardThenRestarted_HasEveryRowExactlyOnce()
    {
        // Given a URL list whose images arrive slowly enough to kill the process inside a shard
        await using var server = new PhotoServer();
        using var temp = new TempDirectory();
        var input = temp.Combine("urls.txt");
        File.WriteAllLines(input, Enumerable.Range(0, Rows).Select(i => server.Url($"/delay/60/small/456_123.jpg?n={i}")));
        var output = temp.Combine("out");

        var killedAt = -1;

        // When the first run is killed after more than two shards' worth of requests, with shard 2 not yet done
        using (var first = StartHarness(input, output))
        {
            var deadline = Stopwatch.StartNew();
            while (server.Inner.Requests.Count < (2 * PerShard) + 5 && deadline.Elapsed < TimeSpan.FromSeconds(60) && !first.HasExited)
            {
                await Task.Delay(10);
            }

            Assert.False(first.HasExited, "the harness finished before it could be killed");
            killedAt = server.Inner.Requests.Count;
            first.Kill(entireProcessTree: true);
            await first.WaitForExitAsync();
        }

        // A half-written shard was left behind as a temporary file, never under a shard's real name
        Assert.NotEmpty(Directory.EnumerateFiles(output, "*" + ShardNaming.TemporaryMarker + "*"));
        var shards = new ShardSet(output);
        var doneAtKill = shards.ListDoneShards();
        Assert.NotEmpty(doneAtKill);
        Assert.True(doneAtKill.Count < Rows / PerShard, $"the kill came after the last shard ({killedAt} requests at kill, {server.Inner.Requests.Count} now, done {string.Join(",", doneAtKill)})");

        // And the run is started again to the end
        using (var second = StartHarness(input, output))
        {
            var errors = second.StandardError.ReadToEndAsync();
            await second.WaitForExitAsync();
            Assert.True(second.ExitCode == 0, await errors);
        }

        // Then each input row is present exactly once, and no temporary file is left
        Assert.Equal(Enumerable.Range(0, Rows / PerShard), shards.ListDoneShards());
        var urls = ShardReadBack.Rows(output, "url, count(*) OVER (PARTITION BY key) AS copies");
        Assert.Equal(File.ReadAllLines(input), urls.Select(r => (string)r[0]!));
        Assert.All(urls, r => Assert.Equal(1L, Convert.ToInt64(r[1])));
        Assert.Empty(Directory.EnumerateFiles(output, "*" + ShardNaming.TemporaryMarker + "*"));
        foreach (var id in doneAtKill)
        {
            Assert.True(File.Exists(shards.StatsPath(id)));
        }
    }

    private static Process StartHarness(string input, string output)
    {
        var harness = Path.Combine(AppContext.BaseDirectory, "DataForge.Ingest.KillHarness.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in new[] { harness, input, output, PerShard.ToString(System.Globalization.CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(argument);
        }

        return Process.Start(start) ?? throw new InvalidOperationException("could not start the harness");
    }
}
