using System.Runtime.InteropServices;
using DataForge.Captioner.Runtime;
using DataForge.Core.Diagnostics;
using DataForge.Trainer.Runtime;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace DataForge.Cli.Doctor;

/// <summary>Collects every line of <c>dataforge doctor</c>, from the host and from each stage's probe.</summary>
public static class DoctorChecks
{
    /// <summary>Runs all checks.</summary>
    /// <param name="workDirectory">Folder whose free disk space is checked.</param>
    /// <param name="minimumFreeBytes">Free space below which the disk check fails.</param>
    /// <returns>The checks in display order.</returns>
    public static IReadOnlyList<EnvironmentCheck> Run(string workDirectory, long minimumFreeBytes)
    {
        var checks = new List<EnvironmentCheck>
        {
            EnvironmentCheck.Ok(".NET runtime", $"{RuntimeInformation.FrameworkDescription} on {RuntimeInformation.OSDescription} ({RuntimeInformation.RuntimeIdentifier}), {Environment.ProcessorCount} cores"),
        };
        checks.AddRange(TorchEnvironmentProbe.Probe());
        checks.AddRange(OrtEnvironmentProbe.Probe());
        checks.Add(CheckImageSharp());
        checks.Add(CheckDisk(workDirectory, minimumFreeBytes));
        return checks;
    }

    private static EnvironmentCheck CheckImageSharp()
    {
        var assembly = typeof(Image).Assembly;
        var version = assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyInformationalVersionAttribute), false)
            .Cast<System.Reflection.AssemblyInformationalVersionAttribute>().FirstOrDefault()?.InformationalVersion
            ?? assembly.GetName().Version?.ToString() ?? "unknown";
        version = version.Split('+')[0];
        try
        {
            // Encode and decode a real JPEG: the codec path every stage relies on.
            using var image = new Image<Rgb24>(16, 8, new Rgb24(200, 30, 30));
            using var buffer = new MemoryStream();
            image.SaveAsJpeg(buffer);
            buffer.Position = 0;
            var info = Image.Identify(buffer);
            return info is { Width: 16, Height: 8 }
                ? EnvironmentCheck.Ok("ImageSharp", $"{version}, JPEG encode/decode ok")
                : EnvironmentCheck.Failed("ImageSharp", $"{version}: JPEG round trip returned the wrong size");
        }
        catch (Exception ex) when (ex is ImageFormatException or NotSupportedException or IOException)
        {
            return EnvironmentCheck.Failed("ImageSharp", $"{version}: {ex.Message}");
        }
    }

    private static EnvironmentCheck CheckDisk(string workDirectory, long minimumFreeBytes)
    {
        var full = Path.GetFullPath(workDirectory);
        var existing = full;
        while (!Directory.Exists(existing))
        {
            existing = Path.GetDirectoryName(existing) ?? "/";
        }

        var free = new DriveInfo(existing).AvailableFreeSpace;
        var detail = $"{free / (1024.0 * 1024 * 1024):0.0} GiB free at {full}";
        return free >= minimumFreeBytes
            ? EnvironmentCheck.Ok("Disk", detail)
            : EnvironmentCheck.Failed("Disk", $"{detail}; need at least {minimumFreeBytes / (1024.0 * 1024 * 1024):0.0} GiB");
    }
}
