using System.Security.Cryptography;
using DataForge.Core.Errors;
using DataForge.Core.Manifests;
using DataForge.Core.Shards;
using DataForge.TestUtils;

namespace DataForge.Core.Tests.Manifests;

public sealed class ManifestRefresherTests
{
    private static async Task WriteShardAsync(ShardSet set, int id, int rows)
    {
        var keys = Enumerable.Range(0, rows).Select(r => (string?)SampleKey.Format(id, r, 100)).ToArray();
        var status = Enumerable.Repeat((string?)RowStatus.Success, rows).ToArray();
        await ShardFileWriter.WriteTableAsync(set.DataPath(id), new ShardTable([ShardColumn.Of("key", keys), ShardColumn.Of("status", status)]));
        var stats = new ShardStats { Stage = "ingest" };
        foreach (var s in status)
        {
            stats.CountRow(s!, null);
        }

        await set.MarkDoneAsync(id, stats);
    }

    private static async Task<string> SaveAsync(string name, ShardSet set, string manifests, ManifestReference? parent = null) =>
        await ManifestStore.SaveAsync(
            new DatasetManifest { Name = name, ShardDirectory = set.Directory, DerivedFrom = parent, Shards = await ManifestStore.DescribeShardsAsync(set) },
            manifests);

    private static string Sha256(string path) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));

    [Fact]
    public async Task RefreshDirectory_AfterWorkersWroteEarlyManifests_ListsEveryShard_AndRepointsLineage()
    {
        // Worker 0 finished first and wrote both manifests when only its shard existed; worker 1 finished later.
        using var dir = new TempDirectory();
        var manifests = dir.Combine("data-manifests");
        var images = new ShardSet(dir.Combine("images"));
        var captioned = new ShardSet(dir.Combine("captioned"));
        await WriteShardAsync(images, 0, 5);
        await WriteShardAsync(captioned, 0, 5);
        var parentPath = await SaveAsync("images", images, manifests);
        var childPath = await SaveAsync("images-captioned", captioned, manifests, await ManifestStore.ReferenceAsync(parentPath));
        await WriteShardAsync(images, 1, 7);
        await WriteShardAsync(captioned, 1, 7);

        var written = await ManifestRefresher.RefreshDirectoryAsync(manifests);

        Assert.Equal([Path.GetFullPath(parentPath), Path.GetFullPath(childPath)], written.Select(Path.GetFullPath));
        var parent = await ManifestStore.LoadAsync(parentPath);
        var child = await ManifestStore.LoadAsync(childPath);
        Assert.Equal(12, parent.TotalRows);
        Assert.Equal(12, child.TotalRows);
        Assert.Empty(await ManifestStore.VerifyAsync(parent, images.Directory));
        Assert.Empty(await ManifestStore.VerifyAsync(child, captioned.Directory));
        Assert.Equal(Sha256(parentPath), child.DerivedFrom!.Sha256);
    }

    [Fact]
    public async Task RefreshDirectory_CyclicLineage_IsAClearError()
    {
        using var dir = new TempDirectory();
        var manifests = dir.Combine("m");
        var set = new ShardSet(dir.Combine("s"));
        await WriteShardAsync(set, 0, 1);
        var a = Path.GetFullPath(ManifestStore.PathFor(manifests, "a"));
        var b = Path.GetFullPath(ManifestStore.PathFor(manifests, "b"));
        await SaveAsync("a", set, manifests, new ManifestReference { Name = "b", Path = b });
        await SaveAsync("b", set, manifests, new ManifestReference { Name = "a", Path = a });

        var error = await Assert.ThrowsAsync<DataForgeException>(() => ManifestRefresher.RefreshDirectoryAsync(manifests));
        Assert.Contains("cycle", error.Message);
    }
}
