using System.Net;
using System.Net.Sockets;
using DataForge.Cli.Common;
using DataForge.Core.Errors;
using DataForge.TestUtils;

namespace DataForge.Cli.Tests.Commands;

/// <summary>
/// Issue #19: every environment failure is one line on stderr and exit 3 from the real binary, never a .NET stack
/// trace; stack traces only with <c>-v</c>.
/// </summary>
public sealed class ErrorExitTests
{
    [Fact]
    public async Task ManifestVerify_MissingFile_OneLineExit3()
    {
        using var dir = new TempDirectory();
        var result = await CliProcess.RunAsync("manifest", "verify", dir.Combine("nope.json"));

        AssertOneLineEnvironmentError(result, $"no such file: {dir.Combine("nope.json")}");
    }

    [Fact]
    public async Task Ingest_OutputIsAFile_OneLineExit3()
    {
        using var dir = new TempDirectory();
        var images = WriteImageFolder(dir);
        var output = dir.Combine("taken");
        await File.WriteAllTextAsync(output, "a file where the output folder should be");

        var result = await CliProcess.RunAsync("ingest", "--input", images, "--output", output, "--manifest-dir", dir.Combine("manifests"));

        AssertOneLineEnvironmentError(result, output);
        Assert.Equal("a file where the output folder should be", await File.ReadAllTextAsync(output));
    }

    [Fact]
    public async Task Ingest_UnwritableOutput_OneLineExit3()
    {
        // sysfs refuses new entries even to root, so this holds however the tests run.
        using var dir = new TempDirectory();
        var result = await CliProcess.RunAsync("ingest", "--input", WriteImageFolder(dir), "--output", "/sys/dataforge-test-out", "--manifest-dir", dir.Combine("manifests"));

        AssertOneLineEnvironmentError(result, "permission denied");
    }

    [Fact]
    public async Task ModelsPull_NoNetwork_OneLineExit3()
    {
        using var dir = new TempDirectory();
        var result = await CliProcess.RunAsync("models", "pull", "owner/model", "--endpoint", $"http://127.0.0.1:{ClosedPort()}", "--retries", "0", "--output", dir.Combine("model"));

        AssertOneLineEnvironmentError(result, "network: Connection refused");
    }

    [Fact]
    public async Task NounStats_CorruptTaggerModel_OneLineExit3()
    {
        using var dir = new TempDirectory();
        var captions = dir.Combine("captions.txt");
        await File.WriteAllLinesAsync(captions, ["a red apple on a wooden table", "two dogs in the park"]);
        var model = dir.Combine("tagger.bin");
        await File.WriteAllBytesAsync(model, [1, 2, 3, 4, 5, 6, 7]);

        var result = await CliProcess.RunAsync("nounstats", "--input", captions, "--model", model, "--output", dir.Combine("report"));

        AssertOneLineEnvironmentError(result, $"{model}: not a tagger model");
    }

    [Fact]
    public async Task Train_TruncatedCheckpoint_OneLineExit3NamingTheFile()
    {
        using var dir = new TempDirectory();
        await TrainCommandTests.WriteFeatureShardsAsync(dir.Combine("features"));
        var config = RepoPaths.Combine("configs", "pixart", "demo_tiny.json");
        var run = dir.Combine("run");
        string[] args = ["train", "--config", config, "--input", dir.Combine("features"), "--output", run, "--steps", "2", "--checkpoint-every", "2"];
        var first = await CliRun.RunAsync(args);
        Assert.True(first.ExitCode == 0, first.Error);
        var weights = Path.Combine(run, "checkpoints", "step_00000002", "model.dat");
        var bytes = await File.ReadAllBytesAsync(weights);
        await File.WriteAllBytesAsync(weights, bytes[..(bytes.Length / 2)]);

        var result = await CliProcess.RunAsync([.. args[..^4], "--steps", "4"]);

        AssertOneLineEnvironmentError(result, $"{weights}: truncated or corrupt checkpoint");
    }

    [Fact]
    public async Task UnknownCommand_SuggestsTheClosestAndExits2()
    {
        var result = await CliProcess.RunAsync("ingets", "--input", "x");

        Assert.Equal(ExitCodes.Usage, result.Code);
        Assert.Contains("did you mean 'ingest'?", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("\n   at ", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MisspeltOption_SuggestsTheOptionOfThatCommand()
    {
        var (code, _, error) = await CliRun.RunAsync("nounstats", "--inptu", "x");

        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("did you mean '--input'?", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Classify_RealDiskFullError_IsEnvironment()
    {
        // /dev/full fails every write with ENOSPC: the exception is the runtime's own, not one built by the test.
        var error = Assert.ThrowsAny<IOException>(() => File.WriteAllBytes("/dev/full", new byte[4096]));

        var (code, line) = ExitCodeMapper.Classify(error);

        Assert.Equal(ExitCodes.Environment, code);
        Assert.StartsWith("environment: disk full: ", line, StringComparison.Ordinal);
    }

    [Fact]
    public void Classify_UnexpectedException_OneLineWithVerboseHintExit4()
    {
        var error = Record.Exception(() => _ = new Dictionary<string, int>()["missing"])!;

        var (code, line) = ExitCodeMapper.Classify(new AggregateException(error));

        Assert.Equal(ExitCodes.Failed, code);
        Assert.Equal("unexpected error: KeyNotFoundException: The given key 'missing' was not present in the dictionary. (run with -v for details)", line);
    }

    [Fact]
    public void Report_Verbose_AddsTheStackTrace()
    {
        var error = Record.Exception(() => _ = new Dictionary<string, int>()["missing"])!;
        using var quiet = new StringWriter();
        using var verbose = new StringWriter();
        using (var context = new CliContext(TextWriter.Null, quiet, verbose: false))
        {
            ExitCodeMapper.Report(error, context);
        }

        using (var context = new CliContext(TextWriter.Null, verbose, verbose: true))
        {
            ExitCodeMapper.Report(error, context);
        }

        Assert.DoesNotContain("   at ", quiet.ToString(), StringComparison.Ordinal);
        Assert.Contains("   at ", verbose.ToString(), StringComparison.Ordinal);
    }

    private static void AssertOneLineEnvironmentError((int Code, string Output, string Error) result, string expected)
    {
        Assert.True(result.Code == ExitCodes.Environment, $"exit {result.Code}\n{result.Error}");
        var lines = result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.DoesNotContain(lines, l => l.StartsWith("   at ", StringComparison.Ordinal));
        var last = lines[^1];
        Assert.StartsWith("environment: ", last, StringComparison.Ordinal);
        Assert.Contains(expected, last, StringComparison.Ordinal);
    }

    private static string WriteImageFolder(TempDirectory dir)
    {
        var images = dir.Combine("images");
        Directory.CreateDirectory(images);
        File.WriteAllBytes(Path.Combine(images, "red.png"), PngBytes.Solid(16, 16, 2, [255, 0, 0]));
        return images;
    }

    private static int ClosedPort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
