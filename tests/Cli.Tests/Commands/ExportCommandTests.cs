using DataForge.Core.Errors;
using DataForge.TestUtils;

namespace DataForge.Cli.Tests.Commands;

public sealed class ExportCommandTests
{
    [Fact]
    public async Task ExportEachFormat_ThenSampleFromIt_GivesTheSamePngsAsTheNativeCheckpoint()
    {
        using var dir = new TempDirectory();
        var work = dir.Combine("demo");
        var demo = await CliRun.RunAsync("demo", "--work-dir", work, "--images", "8", "--samples-per-shard", "4", "--train-steps", "2");
        Assert.True(demo.ExitCode == 0, demo.Error);
        var models = Path.Combine(work, "models", "tiny-diffusion");
        var run = Path.Combine(work, "train");

        async Task<byte[]> SampleAsync(string name, params string[] extra)
        {
            var result = await CliRun.RunAsync(
                ["sample", "--model", models, "--prompt", "a red house", "--steps", "4", "--output", dir.Combine(name), "--no-grid", .. extra]);
            Assert.True(result.ExitCode == 0, result.Error);
            return File.ReadAllBytes(Path.Combine(dir.Combine(name), "sample_000.png"));
        }

        var native = await SampleAsync("native", "--checkpoint", run);
        var pixart = await CliRun.RunAsync("export", "-i", run, "-o", dir.Combine("model.pth"), "--format", "PixArt");
        Assert.True(pixart.ExitCode == 0, pixart.Error);
        var diffusers = await CliRun.RunAsync("export", "-i", run, "-o", dir.Combine("diffusers"), "--format", "Diffusers");
        Assert.True(diffusers.ExitCode == 0, diffusers.Error);
        Assert.Contains(Path.Combine(dir.Combine("diffusers"), "transformer", "config.json"), diffusers.Output, StringComparison.Ordinal);

        // A .pth records no head count: sampling from it without --config is refused, with --config it is the native model.
        var noConfig = await CliRun.RunAsync("sample", "--model", models, "--prompt", "x", "--checkpoint", dir.Combine("model.pth"), "--output", dir.Combine("none"));
        Assert.Equal(ExitCodes.Usage, noConfig.ExitCode);
        Assert.Contains("--config", noConfig.Error, StringComparison.Ordinal);
        var demoConfig = RepoPaths.Combine("configs", "pixart", "demo_tiny.json");
        Assert.Equal(native, await SampleAsync("pth", "--checkpoint", dir.Combine("model.pth"), "--config", demoConfig));
        Assert.Equal(native, await SampleAsync("diffusers", "--checkpoint", dir.Combine("diffusers")));

        // The raw weights differ from the EMA ones after training, so --no-ema must change the picture.
        Assert.True((await CliRun.RunAsync("export", "-i", run, "-o", dir.Combine("raw.pth"), "--no-ema")).ExitCode == 0);
        Assert.NotEqual(native, await SampleAsync("raw", "--checkpoint", dir.Combine("raw.pth"), "--config", demoConfig));
    }

    [Fact]
    public async Task Export_NotACheckpoint_IsAUsageError()
    {
        using var dir = new TempDirectory();
        var result = await CliRun.RunAsync("export", "-i", dir.Path, "-o", dir.Combine("x.pth"));
        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("neither a DataForge checkpoint", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TrainInit_LegacyTorchSave_IsAUsageErrorWithTheWayOut()
    {
        using var dir = new TempDirectory();
        var legacy = dir.Combine("old.pth");
        File.WriteAllBytes(legacy, [0x80, 0x02, 0x8a, 0x0a, 0x6c, 0xfc, 0x9c, 0x46, 0xf9, 0x20, 0x6a, 0xa8, 0x50, 0x19, 0x2e]);
        var features = dir.Combine("features");
        await TrainCommandTests.WriteFeatureShardsAsync(features);
        var result = await CliRun.RunAsync("train", "--config", RepoPaths.Combine("configs", "pixart", "demo_tiny.json"), "--input", features, "--output", dir.Combine("run"), "--init", legacy, "--steps", "1");
        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("legacy (pre-1.6) torch.save format", result.Error, StringComparison.Ordinal);
    }
}
