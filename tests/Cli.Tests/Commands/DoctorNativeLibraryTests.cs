using System.Diagnostics;
using DataForge.TestUtils;

namespace DataForge.Cli.Tests.Commands;

/// <summary>
/// The CLI as a real process from a copy of its build output whose libSkiaSharp.so is an empty file, as after a
/// truncated install: the host still starts (the file exists), the dynamic loader refuses it.
/// </summary>
public sealed class DoctorNativeLibraryTests
{
    private static readonly string Broken = Path.Combine("runtimes", "linux-x64", "native", "libSkiaSharp.so");

    [Fact]
    public async Task Doctor_BrokenLibSkiaSharp_FailsTheSkiaCheckWithEnvironmentCode()
    {
        using var dir = new TempDirectory();
        await CopyCliWithBrokenSkiaAsync(dir);

        var (code, output) = await RunAsync(dir, "doctor", "--min-free-gb", "0");

        // The SkiaSharp line fails with the loader's reason, the other checks still run, and the exit code is 3.
        Assert.Equal(Core.Errors.ExitCodes.Environment, code);
        Assert.Matches(@"SkiaSharp\s+│\s+FAILED", output);
        Assert.Matches(@"libSkiaSharp\s+did\s+not\s+load", output);
        Assert.Contains(dir.Combine(Broken), output, StringComparison.Ordinal);
        Assert.Matches(@"ONNX Runtime\s+│\s+ok", output);
    }

    [Fact]
    public async Task Demo_BrokenLibSkiaSharp_StopsAsAnEnvironmentProblemNotAsFailedRows()
    {
        // Without the up-front check every image would fail as a row ("decode failed") and the run would exit 1.
        using var dir = new TempDirectory();
        await CopyCliWithBrokenSkiaAsync(dir);

        var (code, output) = await RunAsync(dir, "demo", "--work-dir", dir.Combine("work"));

        Assert.Equal(Core.Errors.ExitCodes.Environment, code);
        Assert.Contains("environment: SkiaSharp: the native library libSkiaSharp did not load", output, StringComparison.Ordinal);
    }

    // Symlinks except dataforge.* itself, which must be real files: the host resolves the app's own symlink and
    // would run from the original folder.
    private static async Task CopyCliWithBrokenSkiaAsync(TempDirectory dir)
    {
        var built = Path.GetDirectoryName(RepoPaths.CliAssembly)!;
        Assert.True(File.Exists(Path.Combine(built, Broken)), $"the build output has no {Broken}");
        foreach (var file in Directory.EnumerateFiles(built, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(built, file);
            var target = dir.Combine(relative);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            if (relative == Broken)
            {
                await File.WriteAllBytesAsync(target, []);
            }
            else if (!relative.Contains(Path.DirectorySeparatorChar, StringComparison.Ordinal) && relative.StartsWith("dataforge.", StringComparison.Ordinal))
            {
                File.Copy(file, target);
            }
            else
            {
                File.CreateSymbolicLink(target, file);
            }
        }
    }

    private static async Task<(int Code, string Output)> RunAsync(TempDirectory dir, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet", [dir.Combine("dataforge.dll"), .. args])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(3));
        return (process.ExitCode, await stdout + await stderr);
    }
}
