using DataForge.Core.Errors;
using DataForge.Core.Manifests;
using DataForge.Core.Shards;
using DataForge.TestUtils;

namespace DataForge.Cli.Tests.Commands;

public sealed class ManifestCommandTests
{
    private static async Task<string> WriteDatasetAsync(string root, int shards)
    {
        var set = new ShardSet(Path.Combine(root, "shards"));
        for (var id = 0; id < shards; id++)
        {
            await WriteShardAsync(set, id);
        }

        return await ManifestStore.SaveAsync(
            new DatasetManifest { Name = "photos", ShardDirectory = set.Directory, Shards = await ManifestStore.DescribeShardsAsync(set) },
            Path.Combine(root, "data-manifests"));
    }

    private static async Task WriteShardAsync(ShardSet set, int id)
    {
        var keys = Enumerable.Range(0, 3).Select(r => (string?)SampleKey.Format(id, r, 100)).ToArray();
        await ShardFileWriter.WriteTableAsync(set.DataPath(id), new ShardTable([ShardColumn.Of(ShardColumns.Key, keys), ShardColumn.Of(ShardColumns.Status, keys.Select(_ => (string?)RowStatus.Success).ToArray())]));
        await set.MarkDoneAsync(id, new ShardStats { Stage = "ingest", Count = 3, Successes = 3 });
    }

    [Fact]
    public async Task Verify_CorruptedCopyOfADataset_ChecksTheCopyAndFails()
    {
        // Given a dataset copied elsewhere as a whole, with one byte of a copied shard changed
        using var dir = new TempDirectory();
        var manifest = await WriteDatasetAsync(dir.Combine("original"), shards: 2);
        var copy = dir.Combine("copy");
        foreach (var file in Directory.EnumerateFiles(dir.Combine("original"), "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(copy, Path.GetRelativePath(dir.Combine("original"), file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        var shard = Path.Combine(copy, "shards", "00000.parquet");
        var bytes = await File.ReadAllBytesAsync(shard);
        bytes[bytes.Length / 2] ^= 0x01;
        await File.WriteAllBytesAsync(shard, bytes);

        // When the copy's manifest is verified
        var result = await CliRun.RunAsync("manifest", "verify", Path.Combine(copy, "data-manifests", Path.GetFileName(manifest)));

        // Then the copy is what was checked, and the original still verifies
        Assert.Equal(ExitCodes.FailedRows, result.ExitCode);
        Assert.Contains("00000.parquet: sha256 differs from the manifest", result.Output, StringComparison.Ordinal);
        var original = await CliRun.RunAsync("manifest", "verify", manifest);
        Assert.True(original.ExitCode == ExitCodes.Ok, original.Output + original.Error);
        Assert.Contains("photos: 2 shards, 6 rows verified", original.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_FinishedShardNotInTheManifest_IsReportedAndFails()
    {
        using var dir = new TempDirectory();
        var manifest = await WriteDatasetAsync(dir.Path, shards: 1);
        await WriteShardAsync(new ShardSet(dir.Combine("shards")), 1);

        var result = await CliRun.RunAsync("manifest", "verify", manifest);

        Assert.Equal(ExitCodes.FailedRows, result.ExitCode);
        Assert.Contains("00001.parquet: in the shard folder but not in the manifest", result.Output, StringComparison.Ordinal);
        Assert.Contains("photos: 1 problem(s) checking 1 listed shards", result.Output, StringComparison.Ordinal);
    }
}
