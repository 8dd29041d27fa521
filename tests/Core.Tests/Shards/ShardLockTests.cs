using System.Diagnostics;
using DataForge.Core.Shards;
using DataForge.TestUtils;

namespace DataForge.Core.Tests.Shards;

public sealed class ShardLockTests
{
    [Fact]
    public void TryLock_HeldShard_IsRefusedUntilReleased_OtherShardsStayFree()
    {
        using var dir = new TempDirectory();
        var set = new ShardSet(dir.Path);

        using (var first = set.TryLock(3))
        {
            Assert.NotNull(first);
            Assert.Null(set.TryLock(3));
            using var other = set.TryLock(4);
            Assert.NotNull(other);
        }

        using var again = set.TryLock(3);
        Assert.NotNull(again);
    }

    [Fact]
    public async Task TryLock_HeldByAnotherProcess_IsRefused_AndFreedWhenThatProcessIsKilled()
    {
        // Given a real other process holding the same advisory lock (flock, as .NET takes for FileShare.None)
        using var dir = new TempDirectory();
        var set = new ShardSet(dir.Path);
        using (set.TryLock(5))
        {
            // creates .locks/00005.lock
        }

        var lockFile = Path.Combine(dir.Path, ShardLock.DirectoryName, "00005.lock");
        using var holder = Process.Start(new ProcessStartInfo("flock", ["--exclusive", lockFile, "sleep", "60"]) { UseShellExecute = false })!;
        var deadline = Stopwatch.StartNew();
        ShardLock? probe;
        while ((probe = set.TryLock(5)) is not null && deadline.Elapsed < TimeSpan.FromSeconds(10))
        {
            probe.Dispose();
            await Task.Delay(20);
        }

        // Then this process cannot claim the shard while the other lives
        Assert.Null(probe);

        // And a SIGKILL of the holder frees it: a crashed worker never leaves a shard claimed
        holder.Kill(entireProcessTree: true); // flock(1) forks sleep, which inherits the locked descriptor
        await holder.WaitForExitAsync();

        // WaitForExit covers flock(1) only; its child holds the descriptor until the kernel has reaped it too.
        var reaped = Stopwatch.StartNew();
        ShardLock? after;
        while ((after = set.TryLock(5)) is null && reaped.Elapsed < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(20);
        }

        using (after)
        {
            Assert.NotNull(after);
        }
    }

    [Fact]
    public async Task IsDone_MarkerWithoutDataFile_IsNotDone_AndResetRemovesTheMarker()
    {
        using var dir = new TempDirectory();
        var set = new ShardSet(dir.Path);
        await ShardFileWriter.WriteTableAsync(set.DataPath(2), new ShardTable([ShardColumn.Of("key", new string?[] { "a" })]));
        await set.MarkDoneAsync(2, new ShardStats { Stage = "ingest" });
        File.Delete(set.DataPath(2));

        Assert.False(set.IsDone(2));
        Assert.Empty(set.ListDoneShards());
        Assert.Equal([2], set.ListMarkedShards());
        set.ResetUnfinished(2);
        Assert.False(File.Exists(set.StatsPath(2)));
    }

    [Fact]
    public void ShardTemporaries_AreListedAndDeletedPerShard_Shard10000NeverTakesShard100000s()
    {
        using var dir = new TempDirectory();
        var set = new ShardSet(dir.Path);
        var ownData = AtomicFile.TemporaryPathFor(set.DataPath(10000));
        var ownMarker = AtomicFile.TemporaryPathFor(set.StatsPath(10000));
        var other = AtomicFile.TemporaryPathFor(set.DataPath(100000));
        foreach (var path in new[] { ownData, ownMarker, other })
        {
            File.WriteAllText(path, "left by a killed writer");
        }

        Assert.Equal([10000, 100000], set.ListShardsWithTemporaries().Order());
        Assert.Equal(2, set.DeleteTemporaries(10000));
        Assert.False(File.Exists(ownData) || File.Exists(ownMarker));
        Assert.True(File.Exists(other));
        Assert.Equal([100000], set.ListShardsWithTemporaries());
    }

    [Fact]
    public async Task ShardInput_RoundTripsThroughTheStatsMarker()
    {
        using var dir = new TempDirectory();
        var set = new ShardSet(dir.Path);
        await ShardFileWriter.WriteTableAsync(set.DataPath(0), new ShardTable([ShardColumn.Of("key", new string?[] { "a" })]));
        var input = new ShardInput { Fingerprint = "abc", FirstRow = 400, Rows = 200 };
        input.Parameters["--samples-per-shard"] = "200";
        await set.MarkDoneAsync(0, new ShardStats { Stage = "ingest", Input = input });

        var read = (await set.ReadStatsAsync(0))!.Input!;

        Assert.Equal(("abc", 400L, 200L, "200"), (read.Fingerprint, read.FirstRow, read.Rows, read.Parameters["--samples-per-shard"]));
    }
}
