using DataForge.TestUtils;

namespace DataForge.Cli.Tests.Demo;

public sealed class DemoCommandTests
{
    [Fact]
    public async Task Demo_EndToEnd_WritesShardsAndManifestThatDuckDbAndVerifyAgreeOn()
    {
        using var dir = new TempDirectory();
        var work = dir.Combine("demo");

        var (code, output, error) = await CliRun.RunAsync("demo", "--work-dir", work, "--images", "12", "--samples-per-shard", "5");

        Assert.True(code == 0, error);
        var shards = Path.Combine(work, "shards");
        Assert.Contains($": {shards}", output, StringComparison.Ordinal);
        Assert.Contains($": {Path.Combine(work, "data-manifests", "demo.manifest.json")}", output, StringComparison.Ordinal);
        var glob = DuckDb.Escape(Path.Combine(shards, "*.parquet"));
        // 12 scenes plus one missing and one corrupt URL, one row each.
        Assert.Equal(14L, DuckDb.Scalar($"SELECT count(*) FROM read_parquet('{glob}')"));
        Assert.Equal(14L, DuckDb.Scalar($"SELECT count(DISTINCT key) FROM read_parquet('{glob}')"));
        Assert.Equal(12L, DuckDb.Scalar($"SELECT count(*) FROM read_parquet('{glob}') WHERE status = 'success' AND width = 256 AND height = 256 AND original_width = 320 AND original_height = 240 AND octet_length(jpg) > 1000"));
        Assert.Equal(1L, DuckDb.Scalar($"SELECT count(*) FROM read_parquet('{glob}') WHERE status = 'failed_to_download' AND error_message LIKE '%404%' AND jpg IS NULL"));
        Assert.Equal(1L, DuckDb.Scalar($"SELECT count(*) FROM read_parquet('{glob}') WHERE status = 'failed_to_resize' AND jpg IS NULL"));
        Assert.Equal(3, Directory.GetFiles(shards, "*_stats.json").Length);

        // Dense captions sit beside every original row; rows that failed ingest are skipped, not dropped.
        var captioned = DuckDb.Escape(Path.Combine(work, "captioned", "*.parquet"));
        Assert.Equal(14L, DuckDb.Scalar($"SELECT count(*) FROM read_parquet('{captioned}')"));
        Assert.Equal(12L, DuckDb.Scalar($"SELECT count(*) FROM read_parquet('{captioned}') WHERE caption_status = 'success' AND length(dense_caption) > 0 AND caption_tokens > 0 AND jpg IS NOT NULL"));
        Assert.Equal(2L, DuckDb.Scalar($"SELECT count(*) FROM read_parquet('{captioned}') WHERE caption_status = 'skipped' AND dense_caption IS NULL"));
        var manifests = Path.Combine(work, "data-manifests");
        Assert.Equal(
            ["demo-captioned-features.manifest.json", "demo-captioned.manifest.json", "demo.manifest.json"],
            Directory.GetFiles(manifests, "*.manifest.json").Select(Path.GetFileName).Order(StringComparer.Ordinal));
        var captionManifest = await Core.Manifests.ManifestStore.LoadAsync(Path.Combine(manifests, "demo-captioned.manifest.json"));
        Assert.Equal("demo", captionManifest.DerivedFrom!.Name);

        // Lineage reaches training: the feature manifest derives from the captioned one and lists every stage.
        var featureManifest = await Core.Manifests.ManifestStore.LoadAsync(Path.Combine(manifests, "demo-captioned-features.manifest.json"));
        Assert.Equal("demo-captioned", featureManifest.DerivedFrom!.Name);
        Assert.Equal(["ingest", "caption", "extract-features"], featureManifest.Stages.Select(st => st.Name));

        // The demo's alt-text captions go through NounStats: the Markdown table is printed and written.
        Assert.True(File.Exists(Path.Combine(work, "nounstats", "table1.md")));
        Assert.Contains("demo alt-text", output, StringComparison.Ordinal);
        Assert.Matches(@"alt-text nouns per caption: \d+\.\d\d", output);
        Assert.Contains("demo dense (tiny model)", output, StringComparison.Ordinal);

        // Training: feature shards for the 12 captioned rows, a checkpoint, a loss curve and a 2×2 sample grid (64 px tiles, 4 px gutters, a 26 px prompt band under each).
        var features = DuckDb.Escape(Path.Combine(work, "features", "*.parquet"));
        Assert.Equal(12L, DuckDb.Scalar($"SELECT count(*) FROM read_parquet('{features}') WHERE status = 'success' AND vae_shape = '4,8,8'"));
        Assert.True(File.Exists(Path.Combine(work, "train", "checkpoints", "step_00000020", "ema.dat")));
        Assert.True(new FileInfo(Path.Combine(work, "train", "loss_curve.png")).Length > 1000);
        using var grid = SkiaSharp.SKCodec.Create(Path.Combine(work, "samples", "grid.png"));
        Assert.Equal((SkiaSharp.SKEncodedImageFormat.Png, 140, 192), (grid.EncodedFormat, grid.Info.Width, grid.Info.Height));
        Assert.Matches(@"train loss first→last: \d+\.\d+→\d+\.\d+", output);

        var manifest = Path.Combine(work, "data-manifests", "demo.manifest.json");
        var verify = await CliRun.RunAsync("manifest", "verify", manifest);
        Assert.Equal(0, verify.ExitCode);
        Assert.Contains("14 rows verified", verify.Output, StringComparison.Ordinal);

        await File.AppendAllTextAsync(Path.Combine(shards, "00001.parquet"), "tampered");
        var tampered = await CliRun.RunAsync("manifest", "verify", manifest);
        Assert.Equal(Core.Errors.ExitCodes.FailedRows, tampered.ExitCode);
        Assert.Contains("00001.parquet", tampered.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Demo_NonEmptyFolderItDidNotCreate_IsRefusedWithUsageCode()
    {
        using var dir = new TempDirectory();
        await File.WriteAllTextAsync(dir.Combine("precious.txt"), "user data");

        var (code, _, error) = await CliRun.RunAsync("demo", "--work-dir", dir.Path, "--images", "2");

        Assert.Equal(Core.Errors.ExitCodes.Usage, code);
        Assert.Contains("not created by 'dataforge demo'", error, StringComparison.Ordinal);
        Assert.True(File.Exists(dir.Combine("precious.txt")));
    }
}
