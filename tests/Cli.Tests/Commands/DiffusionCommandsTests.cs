using DataForge.TestUtils;

namespace DataForge.Cli.Tests.Commands;

public sealed class DiffusionCommandsTests
{
    [Fact]
    public async Task ExtractFeaturesAndSample_OnDemoOutputs_WriteFeatureShardsAndPngs()
    {
        using var dir = new TempDirectory();
        var work = dir.Combine("demo");
        // The demo is only this test's data source; the tiny random-weights captioner is enough for it.
        var model = Captioner.Tiny.TinyLlavaModelWriter.Write(dir.Combine("model"));
        var demo = await CliRun.RunAsync("demo", "--work-dir", work, "--images", "8", "--samples-per-shard", "4", "--train-steps", "2", "--model", model);
        Assert.True(demo.ExitCode == 0, demo.Error);
        var models = Path.Combine(work, "models", "tiny-diffusion");

        var extract = await CliRun.RunAsync(
            "extract-features", "--input", Path.Combine(work, "captioned"), "--model", models, "--resolution", "64", "--tokens", "8",
            "--caption-column", "caption", "--output", dir.Combine("features"));
        Assert.True(extract.ExitCode == 0, extract.Error);
        Assert.Contains("8 extracted, 2 skipped, 0 failed", extract.Output, StringComparison.Ordinal);
        var glob = DuckDb.Escape(Path.Combine(dir.Combine("features"), "*.parquet"));
        // The original alt-text was encoded (cleaned), not the dense caption, as --caption-column asked.
        Assert.Equal(8L, DuckDb.Scalar($"SELECT count(*) FROM read_parquet('{glob}') WHERE status = 'success' AND t5_caption = lower(t5_caption) AND length(t5_caption) > 0"));

        var sample = await CliRun.RunAsync(
            "sample", "--checkpoint", Path.Combine(work, "train"), "--model", models, "--prompt", "a red house", "--prompt", "a boat",
            "--sampler", "iddpm", "--steps", "3", "--output", dir.Combine("samples"), "--no-grid");
        Assert.True(sample.ExitCode == 0, sample.Error);
        Assert.Equal(2, Directory.GetFiles(dir.Combine("samples"), "*.png").Length);

        var badSampler = await CliRun.RunAsync("sample", "--checkpoint", work, "--model", models, "--prompt", "x", "--sampler", "euler");
        Assert.Equal(Core.Errors.ExitCodes.Usage, badSampler.ExitCode);
    }
}
