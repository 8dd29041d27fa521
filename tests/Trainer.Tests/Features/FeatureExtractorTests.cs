using DataForge.Core.Errors;
using DataForge.Core.Manifests;
using DataForge.Core.Shards;
using DataForge.TestUtils;
using DataForge.Trainer.Features;
using Microsoft.Extensions.Logging.Abstractions;

namespace DataForge.Trainer.Tests.Features;

public sealed class FeatureExtractorTests
{
    private static readonly byte[] RedJpeg = MakeJpeg();

    [Fact]
    public async Task RunAsync_FolderWithoutFinishedShards_RefusesBeforeWritingAnything()
    {
        // Given an image folder whose only data file has no _stats.json
        using var dir = new TempDirectory();
        var shards = new ShardSet(dir.Combine("shards"));
        await WriteImageShardAsync(shards, 0, ShardColumns.Caption);
        File.Delete(shards.StatsPath(0));
        var options = Options(dir, shards);

        // When extracting, then it is a usage error naming the folder, and no feature shard exists
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => new FeatureExtractor(options, NullLogger.Instance).RunAsync());
        Assert.Equal($"--input: no finished shards in {shards.Directory}: 1 .parquet files without _stats.json", error.Message);
        Assert.False(Directory.Exists(options.Run.OutputDirectory));
    }

    [Fact]
    public async Task RunAsync_CaptionColumnMissing_RefusesBeforeAnyShardIsWritten_AndTheCorrectedRerunExtracts()
    {
        // Given two shards whose caption column is "caption", and a typo in --caption-column
        using var dir = new TempDirectory();
        var shards = new ShardSet(dir.Combine("shards"));
        await WriteImageShardAsync(shards, 0, ShardColumns.Caption);
        await WriteImageShardAsync(shards, 1, ShardColumns.Caption);
        var options = Options(dir, shards);
        options.CaptionColumn = "captoin";

        // When extracting, then the missing column is a usage error and no shard is marked done
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => new FeatureExtractor(options, NullLogger.Instance).RunAsync());
        Assert.Equal("--caption-column", error.OptionName);
        Assert.Contains("'captoin' is not a column of", error.Message, StringComparison.Ordinal);
        Assert.Contains("00000.parquet", error.Message, StringComparison.Ordinal);
        Assert.Empty(new ShardSet(options.Run.OutputDirectory).ListDoneShards());

        // And the corrected rerun extracts every row instead of finding "done" shards of skipped rows
        options.CaptionColumn = ShardColumns.Caption;
        var summary = await new FeatureExtractor(options, NullLogger.Instance).RunAsync();
        Assert.Equal((2, 0, 4L, 0L), (summary.ShardsWritten, summary.ShardsAlreadyDone, summary.Extracted, summary.Skipped));
    }

    [Fact]
    public async Task RunAsync_NoCaptionColumnAtAll_IsAUsageError()
    {
        using var dir = new TempDirectory();
        var shards = new ShardSet(dir.Combine("shards"));
        await WriteImageShardAsync(shards, 0, "alt_text");

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => new FeatureExtractor(Options(dir, shards), NullLogger.Instance).RunAsync());

        Assert.Equal("--caption-column", error.OptionName);
        Assert.Contains("neither dense_caption nor caption", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_WithInputManifest_WritesFeatureManifestDerivedFromIt()
    {
        // Given captioned shards with their manifest
        using var dir = new TempDirectory();
        var shards = new ShardSet(dir.Combine("captioned"));
        await WriteImageShardAsync(shards, 0, ShardColumns.Caption);
        var manifests = dir.Combine("data-manifests");
        var parentPath = await ManifestStore.SaveAsync(
            new DatasetManifest
            {
                Name = "photos-captioned",
                ShardDirectory = shards.Directory,
                Stages = [new ManifestStage { Name = "ingest" }, new ManifestStage { Name = "caption" }],
                Shards = await ManifestStore.DescribeShardsAsync(shards),
            },
            manifests);
        var options = Options(dir, shards);
        options.InputManifest = parentPath;

        // When features are extracted
        var summary = await new FeatureExtractor(options, NullLogger.Instance).RunAsync();

        // Then their manifest names the captioned manifest as its parent and lists the feature shard
        var manifest = await ManifestStore.LoadAsync(summary.ManifestPath!);
        Assert.Equal("photos-captioned-features", manifest.Name);
        Assert.Equal("photos-captioned", manifest.DerivedFrom!.Name);
        Assert.Equal(await ManifestStore.Sha256HexAsync(parentPath), manifest.DerivedFrom.Sha256);
        Assert.Equal(["ingest", "caption", "extract-features"], manifest.Stages.Select(s => s.Name));
        Assert.Equal("64", manifest.Stages[^1].Parameters["resolution"]);
        Assert.Equal(ShardColumns.Caption, manifest.Stages[^1].Parameters["caption_column"]);
        Assert.Equal(2, manifest.TotalRows);
        Assert.Empty(await ManifestStore.VerifyAsync(manifest, ManifestStore.ShardDirectoryOf(manifest, summary.ManifestPath!)));
    }

    [Fact]
    public async Task RunAsync_WithoutInputManifest_DerivesFromTheManifestThatDescribesTheInputFolder()
    {
        // Given captioned shards whose manifest sits in the manifest folder the extraction writes to
        using var dir = new TempDirectory();
        var shards = new ShardSet(dir.Combine("captioned"));
        await WriteImageShardAsync(shards, 0, ShardColumns.DenseCaption);
        var parentPath = await ManifestStore.SaveAsync(
            new DatasetManifest { Name = "photos-captioned", ShardDirectory = shards.Directory, Shards = await ManifestStore.DescribeShardsAsync(shards) },
            dir.Combine("data-manifests"));

        // When features are extracted without --input-manifest
        var summary = await new FeatureExtractor(Options(dir, shards), NullLogger.Instance).RunAsync();

        // Then the lineage is found all the same, and the default caption column is recorded as the one used
        var manifest = await ManifestStore.LoadAsync(summary.ManifestPath!);
        Assert.Equal("photos-captioned", manifest.DerivedFrom!.Name);
        Assert.Equal(Path.GetFullPath(parentPath), ManifestStore.ParentPathOf(manifest, summary.ManifestPath!));
        Assert.Equal(ShardColumns.DenseCaption, manifest.Stages[^1].Parameters["caption_column"]);
    }

    private static FeatureExtractionOptions Options(TempDirectory dir, ShardSet shards)
    {
        var models = TinyDiffusionModelsWriter.Write(dir.Combine("models"));
        var options = new FeatureExtractionOptions { InputDirectory = shards.Directory, ModelDirectory = models.Root, Resolution = 64, Tokens = 8, BatchSize = 2 };
        options.Run.OutputDirectory = dir.Combine("features");
        options.Run.ManifestDirectory = dir.Combine("data-manifests");
        return options;
    }

    private static async Task WriteImageShardAsync(ShardSet shards, int id, string captionColumn)
    {
        await ShardFileWriter.WriteTableAsync(shards.DataPath(id), new ShardTable(
        [
            ShardColumn.Of(ShardColumns.Key, [SampleKey.Format(id, 0, 100), SampleKey.Format(id, 1, 100)]),
            ShardColumn.Of(ShardColumns.Status, [RowStatus.Success, RowStatus.Success]),
            ShardColumn.Of(captionColumn, ["a red square", "another red square"]),
            ShardColumn.Of(ShardColumns.Jpg, new byte[]?[] { RedJpeg, RedJpeg }),
        ]));
        await shards.MarkDoneAsync(id, new ShardStats { Stage = "caption", Count = 2, Successes = 2 });
    }

    private static byte[] MakeJpeg()
    {
        var rgb = new byte[32 * 32 * 3];
        for (var i = 0; i < rgb.Length; i += 3)
        {
            (rgb[i], rgb[i + 1], rgb[i + 2]) = ((byte)200, (byte)30, (byte)30);
        }

        return DataForge.Core.Imaging.Rgb24Encoder.EncodeJpeg(rgb, 32, 32, 90);
    }
}
