namespace DataForge.Cli.Tests.Commands;

public sealed class CliApplicationTests
{
    [Fact]
    public async Task Help_ListsEveryCommandWithDescriptions()
    {
        var (code, output, _) = await CliRun.RunAsync("--help");
        Assert.Equal(0, code);
        foreach (var command in new[] { "demo", "doctor", "manifest" })
        {
            Assert.Matches($@"(?m)^\s+{command}\s+\S", output);
        }
    }

    [Fact]
    public async Task UnknownOption_ExitsWithUsageCode()
    {
        var (code, _, error) = await CliRun.RunAsync("doctor", "--no-such-option");
        Assert.Equal(Core.Errors.ExitCodes.Usage, code);
        Assert.Contains("--no-such-option", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Doctor_OnThisHost_ExitsZeroWithTorchAndOrtWorkingAndCudaReason()
    {
        // The disk check has its own test; CI machines can be low on disk, which must not fail this one.
        var (code, output, _) = await CliRun.RunAsync("doctor", "--min-free-gb", "0");
        Assert.True(code == 0, output);
        Assert.Matches(@"TorchSharp\s+│\s+ok", output);
        Assert.Matches(@"ONNX Runtime\s+│\s+ok", output);
        Assert.Matches(@"SkiaSharp\s+│\s+ok\s+│\s+4\.155\.0, native [0-9.]+ from\s+/\S*libSkiaSharp\.so", output);
        Assert.Matches(@"ONNX Runtime CUDA provider\s+│\s+(ok|unavailable)", output);
    }

    [Fact]
    public async Task Doctor_ImpossibleDiskRequirement_ExitsWithEnvironmentCode()
    {
        var (code, output, _) = await CliRun.RunAsync("doctor", "--min-free-gb", "100000000");
        Assert.Equal(Core.Errors.ExitCodes.Environment, code);
        Assert.Matches(@"Disk\s+│\s+FAILED", output);
    }
}
