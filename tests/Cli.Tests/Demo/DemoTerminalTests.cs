using System.Diagnostics;
using System.Text.RegularExpressions;
using DataForge.TestUtils;

namespace DataForge.Cli.Tests.Demo;

/// <summary>
/// Issue #19: <c>dataforge demo</c> in a real 100×30 terminal (tmux) looks clean: one bar line per stage, no log line
/// torn by or written into the live display, and every output path whole on a line of its own.
/// </summary>
public sealed partial class DemoTerminalTests
{
    [TmuxFact]
    public async Task Demo_In100x30Terminal_HasOneBarPerStageAndNoTornLines()
    {
        using var dir = new TempDirectory();
        var work = dir.Combine("work");
        var session = "dftest" + Environment.ProcessId;
        var done = dir.Combine("exit-code");
        var command = $"env -u CI dotnet '{RepoPaths.CliAssembly}' demo --work-dir '{work}'; echo $? > '{done}'; sleep 300";
        await Tmux("new-session", "-d", "-s", session, "-x", "100", "-y", "30", command);
        try
        {
            var clock = Stopwatch.StartNew();
            while (!File.Exists(done) && clock.Elapsed < TimeSpan.FromMinutes(4))
            {
                await Task.Delay(200);
            }

            await Task.Delay(300); // the pane's last lines
            var screen = await Tmux("capture-pane", "-p", "-t", session, "-S", "-1000");
            Assert.True(File.Exists(done), "the demo did not finish\n" + screen);
            Assert.Equal("0", (await File.ReadAllTextAsync(done)).Trim());
            var lines = screen.Split('\n');

            // One bar line per stage, each with its whole row (bar and, for known totals, 100%)
            var bars = lines.Where(l => l.Contains('━', StringComparison.Ordinal)).ToList();
            foreach (var stage in new[] { "generate", "ingest", "caption", "nounstats", "extract-features", "train", "sample" })
            {
                Assert.True(bars.Count(b => Regex.IsMatch(b, $@"^\s*{stage} ")) == 1, $"{stage}: expected one bar line\n{screen}");
            }

            // No log line shares a line with the live display, and no bar row spills onto a second line
            Assert.DoesNotContain(bars, b => LogStamp().IsMatch(b));
            var first = lines.ToList().FindIndex(l => l.Contains('━', StringComparison.Ordinal));
            var last = lines.ToList().FindLastIndex(l => l.Contains('━', StringComparison.Ordinal));
            Assert.Equal(bars.Count, last - first + 1);

            // Every output path whole, on its own line
            foreach (var path in new[] { Path.Combine(work, "shards"), Path.Combine(work, "data-manifests", "demo-captioned-features.manifest.json"), Path.Combine(work, "samples", "grid.png") })
            {
                Assert.Contains(lines, l => l.Trim() == path);
            }
        }
        finally
        {
            await Tmux("kill-session", "-t", session);
        }
    }

    [GeneratedRegex(@"\d\d:\d\d:\d\d (info|warn|fail|dbug):")]
    private static partial Regex LogStamp();

    private static async Task<string> Tmux(params string[] args)
    {
        var info = new ProcessStartInfo("tmux", args) { RedirectStandardOutput = true, RedirectStandardError = true };
        info.Environment.Remove("TMUX");
        info.Environment.Remove("CI");
        using var process = Process.Start(info)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return output;
    }
}
