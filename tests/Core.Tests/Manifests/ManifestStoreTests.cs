using System.Security.Cryptography;
using System.Text.Json;
using DataForge.Core.Manifests;
using DataForge.Core.Shards;
using DataForge.TestUtils;

namespace DataForge.Core.Tests.Manifests;

public sealed class ManifestStoreTests
{
    private static async Task<ShardSet> WriteShardsAsync(string directory, int shards, int rows)
    {
        var set = new ShardSet(directory);
        for (var id = 0; id < shards; id++)
        {
            var keys = Enumerable.Range(0, rows).Select(r => (string?)SampleKey.Format(id, r, 100)).ToArray();
            var status = Enumerable.Range(0, rows).Select(r => (string?)(r % 4 == 0 ? RowStatus.FailedToDownload : RowStatus.Success)).ToArray();
            await ShardFileWriter.WriteTableAsync(set.DataPath(id), new ShardTable([ShardColumn.Of("key", keys), ShardColumn.Of("status", status)]));
            var stats = new ShardStats { Stage = "ingest" };
            foreach (var s in status)
            {
                stats.CountRow(s!, s == RowStatus.Success ? null : "HTTP Error 404: Not Found");
            }

            await set.MarkDoneAsync(id, stats);
        }

        return set;
    }

    [Fact]
    public async Task SaveAsync_ManifestValidatesAgainstCheckedInSchema_AndDuckDbAgrees()
    {
        using var dir = new TempDirectory();
        var set = await WriteShardsAsync(dir.Combine("shards"), shards: 3, rows: 10);
        var manifest = new DatasetManifest
        {
            Name = "unit",
            CreatedAt = DateTimeOffset.UnixEpoch,
            ShardDirectory = set.Directory,
            Sources = [new ManifestSource { Kind = "generated", Uri = "memory://", Rows = 30 }],
            Stages = [new ManifestStage { Name = "ingest", Version = "0.1.0", Parameters = { ["image_size"] = "256", ["token"] = null } }],
            Shards = await ManifestStore.DescribeShardsAsync(set),
        };
        var path = await ManifestStore.SaveAsync(manifest, dir.Combine("data-manifests"));

        using var schema = JsonDocument.Parse(await File.ReadAllBytesAsync(RepoPaths.Combine("data-manifests", "dataset-manifest.schema.json")));
        using var doc = JsonDocument.Parse(await File.ReadAllBytesAsync(path));
        Assert.Empty(JsonSchemaSubset.Validate(schema.RootElement, doc.RootElement));

        // Independent checks: DuckDB counts rows in the files, .NET hashes the bytes.
        var shardGlob = DuckDb.Escape(Path.Combine(set.Directory, "*.parquet"));
        Assert.Equal(30L, DuckDb.Scalar($"SELECT count(*) FROM read_parquet('{shardGlob}')"));
        Assert.Equal(21L, DuckDb.Scalar($"SELECT count(*) FROM read_parquet('{shardGlob}') WHERE status = 'success'"));
        var fromJson = DuckDb.Query($"SELECT s.name, s.rows, s.successes, s.sha256 FROM (SELECT unnest(shards) AS s FROM read_json_auto('{DuckDb.Escape(path)}'))");
        Assert.Equal(3, fromJson.Count);
        foreach (var row in fromJson)
        {
            var file = Path.Combine(set.Directory, (string)row[0]!);
            Assert.Equal(10L, Convert.ToInt64(row[1]));
            Assert.Equal(7L, Convert.ToInt64(row[2]));
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(file))), row[3]);
        }

        var loaded = await ManifestStore.LoadAsync(path);
        Assert.Equal(30, loaded.TotalRows);
        Assert.Equal(21, loaded.TotalSuccesses);
        Assert.Equal("256", loaded.Stages[0].Parameters["image_size"]);
        Assert.Empty(await ManifestStore.VerifyAsync(loaded, set.Directory));
    }

    [Fact]
    public async Task ReferenceAsync_RecordsLineageAndDetectsTampering()
    {
        using var dir = new TempDirectory();
        var set = await WriteShardsAsync(dir.Combine("shards"), 1, 4);
        var parent = new DatasetManifest { Name = "parent", ShardDirectory = set.Directory, Shards = await ManifestStore.DescribeShardsAsync(set) };
        var parentPath = await ManifestStore.SaveAsync(parent, dir.Path);

        var child = new DatasetManifest { Name = "child", ShardDirectory = set.Directory, DerivedFrom = await ManifestStore.ReferenceAsync(parentPath) };
        var childPath = await ManifestStore.SaveAsync(child, dir.Path);
        var reloaded = await ManifestStore.LoadAsync(childPath);

        Assert.Equal("parent", reloaded.DerivedFrom!.Name);
        Assert.Equal(await ManifestStore.Sha256HexAsync(parentPath), reloaded.DerivedFrom.Sha256);

        await File.AppendAllTextAsync(set.DataPath(0), "x");
        var problems = await ManifestStore.VerifyAsync(parent, set.Directory);
        Assert.Single(problems);
        Assert.Contains("00000.parquet", problems[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task SaveAsync_NameWithSlash_IsRefused()
    {
        using var dir = new TempDirectory();
        await Assert.ThrowsAsync<Core.Errors.OptionsValidationException>(() => ManifestStore.SaveAsync(new DatasetManifest { Name = "../escape" }, dir.Path));
    }

    [Fact]
    public async Task VerifyAsync_CopiedDatasetWithCorruptedShard_ChecksTheCopyNotTheOriginal()
    {
        // Given a dataset (manifests beside shards) copied elsewhere as a whole, and one byte of the copy's shard flipped
        using var dir = new TempDirectory();
        var original = dir.Combine("original");
        var set = await WriteShardsAsync(Path.Combine(original, "shards"), shards: 2, rows: 4);
        var manifestPath = await ManifestStore.SaveAsync(
            new DatasetManifest { Name = "photos", ShardDirectory = set.Directory, Shards = await ManifestStore.DescribeShardsAsync(set) },
            Path.Combine(original, "data-manifests"));
        var copy = dir.Combine("copy");
        CopyDirectory(original, copy);
        var copiedShard = Path.Combine(copy, "shards", "00001.parquet");
        var bytes = await File.ReadAllBytesAsync(copiedShard);
        bytes[bytes.Length / 2] ^= 0xFF;
        await File.WriteAllBytesAsync(copiedShard, bytes);

        // When the copy's manifest is verified against the shard folder it names
        var copiedManifestPath = Path.Combine(copy, "data-manifests", Path.GetFileName(manifestPath));
        var copied = await ManifestStore.LoadAsync(copiedManifestPath);
        var problems = await ManifestStore.VerifyAsync(copied, Path.GetFullPath(copied.ShardDirectory, Path.GetDirectoryName(copiedManifestPath)!));

        // Then the corrupted copy is reported, and the original still verifies
        Assert.Equal(["00001.parquet: sha256 differs from the manifest"], problems);
        var originalManifest = await ManifestStore.LoadAsync(manifestPath);
        Assert.Empty(await ManifestStore.VerifyAsync(originalManifest, Path.GetFullPath(originalManifest.ShardDirectory, Path.GetDirectoryName(manifestPath)!)));
    }

    [Fact]
    public async Task VerifyAsync_DoneShardInFolderButNotInManifest_IsReported()
    {
        // Given a manifest of two shards, and a third finished shard added to the folder afterwards
        using var dir = new TempDirectory();
        var set = await WriteShardsAsync(dir.Combine("shards"), shards: 2, rows: 4);
        var manifest = new DatasetManifest { Name = "photos", ShardDirectory = set.Directory, Shards = await ManifestStore.DescribeShardsAsync(set) };
        await WriteShardsAsync(dir.Combine("more"), shards: 3, rows: 4);
        File.Copy(Path.Combine(dir.Combine("more"), "00002.parquet"), set.DataPath(2));
        File.Copy(Path.Combine(dir.Combine("more"), "00002_stats.json"), set.StatsPath(2));

        // When the folder is verified
        var problems = await ManifestStore.VerifyAsync(manifest, set.Directory);

        // Then the extra shard is named: readers of the folder would read rows the manifest does not vouch for
        Assert.Equal(["00002.parquet: in the shard folder but not in the manifest"], problems);
    }

    [Fact]
    public async Task FindByShardDirectoryAsync_ReturnsOnlyTheManifestOfThatFolder()
    {
        // Given manifests of two shard folders and a JSON file that is not a manifest
        using var dir = new TempDirectory();
        var images = await WriteShardsAsync(dir.Combine("images"), shards: 1, rows: 2);
        var captioned = await WriteShardsAsync(dir.Combine("captioned"), shards: 1, rows: 2);
        var manifests = dir.Combine("data-manifests");
        await ManifestStore.SaveAsync(new DatasetManifest { Name = "images", ShardDirectory = images.Directory }, manifests);
        var wanted = await ManifestStore.SaveAsync(new DatasetManifest { Name = "images-captioned", ShardDirectory = captioned.Directory }, manifests);
        await File.WriteAllTextAsync(Path.Combine(manifests, "other" + ManifestStore.FileSuffix), "[1, 2]");

        // When looking for the captioned folder's manifest (spelled with a trailing separator)
        var found = await ManifestStore.FindByShardDirectoryAsync(manifests, captioned.Directory + Path.DirectorySeparatorChar);

        // Then exactly that manifest is found; a folder without a manifest finds none
        Assert.Equal([Path.GetFullPath(wanted)], found);
        Assert.Empty(await ManifestStore.FindByShardDirectoryAsync(manifests, dir.Combine("features")));
        Assert.Empty(await ManifestStore.FindByShardDirectoryAsync(dir.Combine("no-such-folder"), captioned.Directory));
    }

    [Fact]
    public async Task SaveAsync_ShardsMadeWithOtherParameters_RecordsThemPerShard_AndValidatesAgainstSchema()
    {
        // Given two shards whose stats say they were captioned with prompt "a" and one with prompt "b"
        using var dir = new TempDirectory();
        var set = await WriteShardsAsync(dir.Combine("shards"), shards: 3, rows: 2);
        foreach (var (id, prompt) in new[] { (0, "a"), (1, "b"), (2, "a") })
        {
            var stats = (await set.ReadStatsAsync(id))!;
            stats.Parameters = new(StringComparer.Ordinal) { ["prompt"] = prompt, ["max_new_tokens"] = "64" };
            await set.MarkDoneAsync(id, stats);
        }

        // When a run with prompt "c" that skipped them all writes the manifest
        var stage = new ManifestStage { Name = "caption", Version = "1", Parameters = { ["prompt"] = "c", ["max_new_tokens"] = "64", ["batch_size"] = "8" } };
        var shards = await ManifestStore.DescribeShardsAsync(set);
        ShardParameterReconciler.Reconcile(stage, shards);
        var path = await ManifestStore.SaveAsync(new DatasetManifest { Name = "unit", ShardDirectory = set.Directory, Stages = [stage], Shards = shards }, dir.Combine("m"));

        // Then the file says "a" for the stage and "b" for shard 1 only, and still matches the checked-in schema
        using var schema = JsonDocument.Parse(await File.ReadAllBytesAsync(RepoPaths.Combine("data-manifests", "dataset-manifest.schema.json")));
        using var doc = JsonDocument.Parse(await File.ReadAllBytesAsync(path));
        Assert.Empty(JsonSchemaSubset.Validate(schema.RootElement, doc.RootElement));
        Assert.Equal("a", doc.RootElement.GetProperty("stages")[0].GetProperty("parameters").GetProperty("prompt").GetString());
        var perShard = doc.RootElement.GetProperty("shards").EnumerateArray()
            .Select(s => s.TryGetProperty("parameters", out var p) ? p.GetProperty("prompt").GetString() : null).ToList();
        Assert.Equal([null, "b", null], perShard);
        Assert.Equal("../shards", doc.RootElement.GetProperty("shard_directory").GetString());
    }

    private static void CopyDirectory(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
