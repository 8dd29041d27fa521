using System.Diagnostics;
using DataForge.TestUtils;

namespace DataForge.Cli.Tests.Commands;

public sealed class DoctorNativeLibraryTests
{
    [Fact]
    public async Task Doctor_BrokenLibSkiaSharp_FailsTheSkiaCheckWithEnvironmentCode()
    {
        // Given a copy of the built CLI whose libSkiaSharp.so is an empty file, as after a truncated install: the host
        // still starts (the file exists), the dynamic loader refuses it. The copy is symlinks except dataforge.* itself,
        // which must be real files: the host resolves the app's symlink and would run from the original folder.
        var built = Path.GetDirectoryName(RepoPaths.CliAssembly)!;
        using var dir = new TempDirectory();
        var broken = Path.Combine("runtimes", "linux-x64", "native", "libSkiaSharp.so");
        Assert.True(File.Exists(Path.Combine(built, broken)), $"the build output has no {broken}");
        foreach (var file in Directory.EnumerateFiles(built, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(built, file);
            var target = dir.Combine(relative);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            if (relative == broken)
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

        // When doctor runs from that copy
        var info = new ProcessStartInfo("dotnet", [dir.Combine("dataforge.dll"), "doctor", "--min-free-gb", "0"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(3));
        var output = await stdout + await stderr;

        // Then the SkiaSharp line fails with the loader's reason, the rest still runs, and the exit code is 3
        Assert.Equal(Core.Errors.ExitCodes.Environment, process.ExitCode);
        Assert.Matches(@"SkiaSharp\s+│\s+FAILED", output);
        Assert.Matches(@"libSkiaSharp\s+did\s+not\s+load", output);
        Assert.Contains(dir.Combine(broken), output, StringComparison.Ordinal);
        Assert.Matches(@"ONNX Runtime\s+│\s+ok", output);
    }
}
