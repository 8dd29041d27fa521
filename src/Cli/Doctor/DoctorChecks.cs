using System.Runtime.InteropServices;
using DataForge.Captioner.Runtime;
using DataForge.Core.Diagnostics;
using DataForge.Core.Imaging;
using DataForge.Trainer.Runtime;

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
        checks.Add(SkiaEnvironmentProbe.Probe());
        checks.Add(CheckDisk(workDirectory, minimumFreeBytes));
        return checks;
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
