using System.Text.Json;
using DataForge.Core.Errors;
using DataForge.Core.Shards;
using DataForge.TestUtils;

namespace DataForge.Core.Tests.Shards;

public sealed class ShardSetTests
{
    [Fact]
    public async Task MarkDoneAsync_WritesImg2datasetStatsFields()
    {
        using var dir = new TempDirectory();
        var set = new ShardSet(dir.Path);
        await ShardFileWriter.WriteTableAsync(set.DataPath(7), new ShardTable([ShardColumn.Of("key", new string?[] { "a", "b", "c" })]));
        var stats = new ShardStats { Stage = "ingest", StartTime = 100, EndTime = 103, Duration = 3 };
        stats.CountRow(RowStatus.Success, null);
        stats.CountRow(RowStatus.FailedToDownload, "HTTP Error 404: Not Found");
        stats.CountRow(RowStatus.FailedToResize, "image too small");

        Assert.False(set.IsDone(7));
        await set.MarkDoneAsync(7, stats);
        Assert.True(set.IsDone(7));

        using var json = JsonDocument.Parse(await File.ReadAllBytesAsync(dir.Combine("00007_stats.json")));
        var root = json.RootElement;
        Assert.Equal(3, root.GetProperty("count").GetInt64());
        Assert.Equal(1, root.GetProperty("successes").GetInt64());
        Assert.Equal(1, root.GetProperty("failed_to_download").GetInt64());
        Assert.Equal(1, root.GetProperty("failed_to_resize").GetInt64());
        Assert.Equal(3.0, root.GetProperty("duration").GetDouble());
        Assert.Equal(100.0, root.GetProperty("start_time").GetDouble());
        Assert.Equal(103.0, root.GetProperty("end_time").GetDouble());
        Assert.Equal(1, root.GetProperty("status_dict").GetProperty("HTTP Error 404: Not Found").GetInt64());
        Assert.Equal(new FileInfo(set.DataPath(7)).Length, root.GetProperty("bytes").GetInt64());
        Assert.Equal("00007", (await set.ReadStatsAsync(7))!.Shard);
    }

    [Fact]
    public void Delete_InAFolderThatDoesNotExist_HasNothingToRemove()
    {
        // Overwrite mode deletes each owned shard before the output folder has been created.
        using var dir = new TempDirectory();
        var set = new ShardSet(dir.Combine("not-yet"));

        set.Delete(3);

        Assert.False(Directory.Exists(set.Directory));
    }

    [Fact]
    public async Task MarkDoneAsync_BeforeDataFile_IsRefused()
    {
        using var dir = new TempDirectory();
        await Assert.ThrowsAsync<ShardFormatException>(() => new ShardSet(dir.Path).MarkDoneAsync(0, new ShardStats()));
    }

    [Fact]
    public async Task ListDoneShards_SkipsInterruptedShards_AndResetUnfinishedRemovesThem()
    {
        using var dir = new TempDirectory();
        var set = new ShardSet(dir.Path);
        var table = new ShardTable([ShardColumn.Of("key", new string?[] { "a" })]);
        foreach (var id in new[] { 0, 1, 2 })
        {
            await ShardFileWriter.WriteTableAsync(set.DataPath(id), table);
        }

        await set.MarkDoneAsync(0, new ShardStats());
        await set.MarkDoneAsync(2, new ShardStats());

        Assert.Equal([0, 1, 2], set.ListDataShards());
        Assert.Equal([0, 2], set.ListDoneShards());
        // A killed writer's temporary for shard 1: no process holds its lock any more
        File.WriteAllText(AtomicFile.TemporaryPathFor(set.DataPath(1)), "half a shard");
        set.ResetUnfinished(1);
        set.ResetUnfinished(2);
        Assert.Equal([0, 2], set.ListDataShards());
        Assert.DoesNotContain(Directory.GetFiles(dir.Path), f => f.Contains(ShardNaming.TemporaryMarker, StringComparison.Ordinal));
    }
}
