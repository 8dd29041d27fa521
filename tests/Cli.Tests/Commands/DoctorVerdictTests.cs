using DataForge.Cli.Doctor;
using DataForge.TestUtils;

namespace DataForge.Cli.Tests.Commands;

public sealed class DoctorVerdictTests
{
    [Fact]
    public async Task Doctor_EndsWithAOneLineVerdict()
    {
        var (code, output, _) = await CliRun.RunAsync("doctor", "--min-free-gb", "0");

        Assert.True(code == 0, output);
        Assert.Matches(@"^verdict: ready(, every check passed|; not available here \(optional\): .+)$", output.TrimEnd().Split('\n')[^1]);
    }

    [Fact]
    public async Task Doctor_ImpossibleDisk_VerdictNamesTheFailedCheck()
    {
        var (code, output, _) = await CliRun.RunAsync("doctor", "--min-free-gb", "100000000");

        Assert.Equal(Core.Errors.ExitCodes.Environment, code);
        Assert.Equal("verdict: NOT ready: Disk failed (see the table); exit 3", output.TrimEnd().Split('\n')[^1]);
    }

    [Fact]
    public async Task Doctor_MissingWorkDir_IsAUsageError()
    {
        using var dir = new TempDirectory();
        var (code, _, error) = await CliRun.RunAsync("doctor", "--work-dir", dir.Combine("nope"));

        Assert.Equal(Core.Errors.ExitCodes.Usage, code);
        Assert.Contains($"--work-dir: {dir.Combine("nope")} does not exist", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("OrtSessionOptionsAppendExecutionProvider_Cuda: Failed to load shared library — libcublasLt.so.13: cannot open shared object file: No such file or directory", "libcublasLt.so.13", "libcublas-13-0")]
    [InlineData("libcudnn.so.9: cannot open shared object file: No such file or directory", "libcudnn.so.9", "libcudnn9-cuda-13")]
    public void LibraryPackages_NamesThePackageOfAMissingLibrary(string detail, string library, string package)
    {
        Assert.Equal((library, package), LibraryPackages.For(detail));
    }

    [Fact]
    public void LibraryPackages_NoMissingLibrary_IsNull()
    {
        Assert.Null(LibraryPackages.For("this build uses TorchSharp-cpu; rebuild with -p:TorchBackend=cuda on a CUDA host"));
    }
}
