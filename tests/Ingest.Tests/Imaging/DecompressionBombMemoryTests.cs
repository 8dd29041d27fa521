using System.Diagnostics;
using System.Globalization;
using DataForge.Core.Shards;
using DataForge.Ingest.Tests.Infrastructure;
using DataForge.TestUtils;

namespace DataForge.Ingest.Tests.Imaging;

/// <summary>
/// Runs the real ingest in a child process (tests/Ingest.MemoryProbe) and reads its peak resident memory (VmHWM),
/// so "refused without allocating" is measured on a process that did nothing else, not on the shared test host.
/// </summary>
public sealed class DecompressionBombMemoryTests
{
    [Fact]
    public async Task Ingest_GifBombInAChildProcess_IsAFailedRowAndPeakMemoryStaysSmall()
    {
        // Given a folder with one GIF: 8 frames on a 10000x10000 canvas (3.2 GB of RGBA if decoded frame by frame)
        using var temp = new TempDirectory();
        var bomb = await RunProbeAsync(temp, "bomb.gif", GifBytes.ManyFramesOnCanvas(10_000, 10_000, 8));
        // and, for scale, a 6000x6000 RGB PNG, inside the budget, whose every pixel really is decoded (a GIF's
        // 1x1 frame would leave the canvas pages untouched, so never resident)
        var control = await RunProbeAsync(temp, "control.png", PngBytes.Solid(6_000, 6_000, 2, [200, 100, 50]));

        // Then the bomb is a failed row with the budget's reason, and its process stayed under 300 MB
        Assert.Equal(RowStatus.FailedToResize, bomb.Status);
        Assert.Equal("decompression bomb refused: header says 10000x10000 x 8 frames = 800000000 pixels, above the limit of 178956970", bomb.Error);
        Assert.True(bomb.PeakKb < 300 * 1024, $"bomb peak RSS {bomb.PeakKb / 1024} MB");
        // while decoding 36 M pixels (144 MB of RGBA) shows up in the same measurement: the probe can see a decode
        Assert.Equal(RowStatus.Success, control.Status);
        Assert.True(control.PeakKb - bomb.PeakKb > 100 * 1024, $"control peak {control.PeakKb / 1024} MB vs bomb {bomb.PeakKb / 1024} MB");
    }

    private static async Task<(string Status, string? Error, long PeakKb)> RunProbeAsync(TempDirectory temp, string name, byte[] image)
    {
        var input = temp.Combine(name + "-in");
        var output = temp.Combine(name + "-out");
        Directory.CreateDirectory(input);
        await File.WriteAllBytesAsync(Path.Combine(input, name), image);
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "DataForge.Ingest.MemoryProbe.dll"));
        start.ArgumentList.Add(input);
        start.ArgumentList.Add(output);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start the memory probe");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        var lines = (await stdout).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var peak = lines.FirstOrDefault(l => l.StartsWith("peak_rss_kb ", StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"probe exited {process.ExitCode} without a peak: {await stderr}");
        var row = ShardReadBack.Rows(output, "status, error_message").Single();
        return ((string)row[0]!, (string?)row[1], long.Parse(peak["peak_rss_kb ".Length..], CultureInfo.InvariantCulture));
    }
}
