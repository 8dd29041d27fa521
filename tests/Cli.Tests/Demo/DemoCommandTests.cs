using DataForge.TestUtils;

namespace DataForge.Cli.Tests.Demo;

public sealed class DemoCommandTests
{
    [Fact]
    public async Task Demo_EndToEnd_WritesShardsAndManifestThatDuckDbAndVerifyAgreeOn()
    {
        using var dir = new TempDirectory();
        var work = dir.Combine("demo");

        // The random-weights tiny model stands in for the shipped captioner: this test checks the plumbing, not the captions.
        var model = Captioner.Tiny.TinyLlavaModelWriter.Write(dir.Combine("tiny-model"));

        var (code, output, error) = await CliRun.RunAsync("demo", "--work-dir", work, "--images", "12", "--samples-per-shard", "5", "--model", model);

        Assert.True(code == 0, error);
        var shards = Path.Combine(work, "shards");
        Assert.Contains($": {shards}", output, StringComparison.Ordinal);
        Assert.Contains($": {Path.Combine(work, "data-manifests", "demo.manifest.json")}", output, StringComparison.Ordinal);
        var glob = DuckDb.Escape(Path.Combine(shards, "*.parquet"));
        // 12 scenes plus one missing and one corrupt URL, one row each.
        Assert.Equal(14L, DuckDb.Scalar($"SELECT count(*) FROM read_parquet('{glob}')"));
        Assert.Equal(14L, DuckDb.Scalar($"SELECT count(DISTINCT key) FROM read_parquet('{glob}')"));
        Assert.Equal(12L, DuckDb.Scalar($"SELECT count(*) FROM read_parquet('{glob}') WHERE status = 'success' AND original_width = 64 AND original_height = 64 AND octet_length(png) > 100"));
        Assert.Equal(1L, DuckDb.Scalar($"SELECT count(*) FROM read_parquet('{glob}') WHERE status = 'failed_to_download' AND error_message LIKE '%404%' AND png IS NULL"));
        Assert.Equal(1L, DuckDb.Scalar($"SELECT count(*) FROM read_parquet('{glob}') WHERE status = 'failed_to_resize' AND png IS NULL"));
        Assert.Equal(3, Directory.GetFiles(shards, "*_stats.json").Length);

        // Dense captions sit beside every original row; rows that failed ingest are skipped, not dropped.
        var captioned = DuckDb.Escape(Path.Combine(work, "captioned", "*.parquet"));
        Assert.Equal(14L, DuckDb.Scalar($"SELECT count(*) FROM read_parquet('{captioned}')"));
        Assert.Equal(12L, DuckDb.Scalar($"SELECT count(*) FROM read_parquet('{captioned}') WHERE caption_status = 'success' AND length(dense_caption) > 0 AND caption_tokens > 0 AND png IS NOT NULL"));
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
        Assert.Contains("demo dense (shape-world captioner)", output, StringComparison.Ordinal);

        // Three examples print alt-text beside the dense caption; the HTML page shows all 12 with nouns marked.
        Assert.Matches(@"example 3 \(\d+\)\n  alt-text: .+\n  dense:    .+", output);
        var page = await File.ReadAllTextAsync(Path.Combine(work, "captions.html"));
        Assert.Equal(12, System.Text.RegularExpressions.Regex.Count(page, "<img "));
        Assert.Contains("<mark", page, StringComparison.Ordinal);
        Assert.Matches(@"dense caption object F1: \d\.\d{3}", output);

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
    public void ShippedCaptioner_Missing_IsAnEnvironmentErrorNamingTheFolder()
    {
        using var dir = new TempDirectory();

        var ex = Assert.Throws<Core.Errors.EnvironmentUnavailableException>(() => Cli.Demo.ShippedCaptioner.Resolve(null, dir.Path));

        Assert.Contains(Path.Combine(dir.Path, "config.json"), ex.Message, StringComparison.Ordinal);
        using var context = new CliContext(TextWriter.Null, TextWriter.Null, verbose: false);
        Assert.Equal(Core.Errors.ExitCodes.Environment, Common.ExitCodeMapper.Report(ex, context));
    }

    [Fact]
    public async Task Demo_ModelFolderWithoutModel_IsRefusedBeforeAnythingIsWritten()
    {
        using var dir = new TempDirectory();
        var work = dir.Combine("demo");

        var (code, _, error) = await CliRun.RunAsync("demo", "--work-dir", work, "--images", "2", "--model", dir.Path);

        Assert.Equal(Core.Errors.ExitCodes.Usage, code);
        Assert.Contains("--model", error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(work));
    }

    [Fact]
    public async Task Demo_NonEmptyFolderItDidNotCreate_IsRefusedWithUsageCode()
    {
        using var dir = new TempDirectory();
        await File.WriteAllTextAsync(dir.Combine("precious.txt"), "user data");

        var model = Captioner.Tiny.TinyLlavaModelWriter.Write(dir.Combine("tiny-model"));
        var (code, _, error) = await CliRun.RunAsync("demo", "--work-dir", dir.Path, "--images", "2", "--model", model);

        Assert.Equal(Core.Errors.ExitCodes.Usage, code);
        Assert.Contains("not created by 'dataforge demo'", error, StringComparison.Ordinal);
        Assert.True(File.Exists(dir.Combine("precious.txt")));
    }
}
