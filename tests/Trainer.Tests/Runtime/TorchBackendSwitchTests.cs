using System.Diagnostics;
using DataForge.TestUtils;

namespace DataForge.Trainer.Tests.Runtime;

public sealed class TorchBackendSwitchTests
{
    [Theory]
    [InlineData(null, "TorchSharp-cpu")]
    [InlineData("cpu", "TorchSharp-cpu")]
    [InlineData("cuda", "TorchSharp-cuda-linux")]
    public void BuildSwitch_SelectsTheTorchSharpPackage(string? backend, string expected)
    {
        // Evaluates the project as MSBuild would, without restoring: the CUDA package need not be reachable.
        var args = new List<string> { "msbuild", RepoPaths.Combine("src", "Trainer", "DataForge.Trainer.csproj"), "-getItem:PackageReference", "-nologo" };
        if (backend is not null)
        {
            args.Add($"-p:TorchBackend={backend}");
        }

        var info = new ProcessStartInfo("dotnet", args) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();

        Assert.Equal(0, process.ExitCode);
        Assert.Contains($"\"Identity\": \"{expected}\"", output, StringComparison.Ordinal);
        Assert.DoesNotContain(expected == "TorchSharp-cpu" ? "TorchSharp-cuda-linux" : "\"TorchSharp-cpu\"", output, StringComparison.Ordinal);
    }
}
