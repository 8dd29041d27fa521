using System.Diagnostics;
using DataForge.Core.Shards;
using DataForge.TestUtils;

namespace DataForge.Cli.Tests.Demo;

public sealed class KilledRunTests
{
    [Fact]
    public async Task SigKill_MidRun_LeavesOnlyCompleteShardFiles()
    {
        using var dir = new TempDirectory();
        var work = dir.Combine("demo");
        var model = Captioner.Tiny.TinyLlavaModelWriter.Write(dir.Combine("model")); // the run is killed before captioning
        var info = new ProcessStartInfo("dotnet", [RepoPaths.CliAssembly, "demo", "--work-dir", work, "--images", "1500", "--samples-per-shard", "2", "--model", model])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(info)!;
        var shards = Path.Combine(work, "shards");
        var deadline = DateTime.UtcNow.AddSeconds(120);
        // Ingest is fast once the scenes are drawn: poll tightly and kill at the first finished shard.
        while (DateTime.UtcNow < deadline && !process.HasExited
            && (!Directory.Exists(shards) || Directory.GetFiles(shards, "*_stats.json").Length < 1))
        {
            Thread.Sleep(5);
        }

        var seenAtKill = Directory.Exists(shards) ? Directory.GetFiles(shards, "*_stats.json").Length : -1;
        var exitedBeforeKill = process.HasExited;
        process.Kill(); // SIGKILL: no finally blocks, no disposal.
        await process.WaitForExitAsync();

        var set = new ShardSet(shards);
        var listed = set.ListDataShards();
        Assert.NotEmpty(listed);
        Assert.False(exitedBeforeKill, "the run finished before it could be killed");
        Assert.True(set.ListDoneShards().Count < 700, $"the kill should land mid-run (1502 rows make 751 shards); {seenAtKill} done when killed, {set.ListDoneShards().Count} after");
        foreach (var id in listed)
        {
            // Whatever a reader lists must be a complete Parquet file: DuckDB reads every row of it.
            var rows = (long)DuckDb.Scalar($"SELECT count(*) FROM read_parquet('{DuckDb.Escape(set.DataPath(id))}')")!;
            Assert.True(rows == 2, $"shard {id} has {rows} rows; files: {string.Join(", ", Directory.GetFiles(shards).Select(Path.GetFileName))}");
        }

        Assert.All(Directory.GetFiles(shards), f => Assert.True(
            ShardNaming.TryParseDataFileName(f, out _) || f.EndsWith(ShardNaming.StatsSuffix, StringComparison.Ordinal) || f.Contains(ShardNaming.TemporaryMarker, StringComparison.Ordinal),
            $"unexpected file {f}"));
        AtomicFile.DeleteStaleTemporaries(shards);
        Assert.DoesNotContain(Directory.GetFiles(shards), f => f.Contains(ShardNaming.TemporaryMarker, StringComparison.Ordinal));
    }
}
