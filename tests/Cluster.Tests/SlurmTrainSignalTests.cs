using System.Diagnostics;
using System.Text.Json.Nodes;
using DataForge.Cluster.Slurm;
using DataForge.TestUtils;

namespace DataForge.Cluster.Tests;

/// <summary>
/// Issue #19: the train job asks Slurm for a USR1 warning before its time limit or pre-emption, and its script passes
/// the signal on to dataforge (B:USR1 reaches only the batch shell) and waits for the checkpoint before exiting.
/// </summary>
public sealed class SlurmTrainSignalTests
{
    [Fact]
    public async Task TrainScript_Usr1ToTheBatchShell_ReachesDataforgeAndRecordsItsRequeueExit()
    {
        using var dir = new TempDirectory();
        // A stand-in for dataforge train that checkpoints (a marker file) and exits 138 on USR1, as the real one does.
        var fake = dir.Combine("fake-dataforge.sh");
        await File.WriteAllTextAsync(fake, "trap 'sleep 0.3; echo \"$*\" > \"$MARK.checkpoint\"; exit 138' USR1\ntouch \"$MARK.started\"\nwhile true; do sleep 0.05; done\n");
        var mark = dir.Combine("mark");
        var spec = PipelineSpecFiles.Demo(dir.Path, s =>
        {
            s["dataforge"] = new JsonArray("bash", fake);
            s["environment"] = new JsonObject { ["MARK"] = mark };
            s["stages"] = new JsonArray(new JsonObject { ["stage"] = "train", ["args"] = new JsonArray("--config", "c.json", "--input", "features") });
        });
        var script = SlurmScripts.StageScript(spec, spec.Stages[0], spec.Dataforge);
        Assert.Contains("#SBATCH --signal=B:USR1@120\n", script, StringComparison.Ordinal);
        var path = dir.Combine("train.sbatch");
        await File.WriteAllTextAsync(path, script);

        var info = new ProcessStartInfo("bash", [path]) { RedirectStandardOutput = true, RedirectStandardError = true };
        info.Environment.Remove("SLURM_JOB_ID");
        using var shell = Process.Start(info)!;
        var clock = Stopwatch.StartNew();
        while (!File.Exists(mark + ".started") && !shell.HasExited && clock.Elapsed < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(10);
        }

        Assert.False(shell.HasExited, "the script ended before the signal");
        using (var kill = Process.Start("kill", ["-USR1", shell.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await shell.WaitForExitAsync(timeout.Token);

        Assert.Equal(SlurmScripts.RequeueExitCode, shell.ExitCode);
        Assert.Equal("train --config c.json --input features\n", await File.ReadAllTextAsync(mark + ".checkpoint"));
        var record = await File.ReadAllTextAsync(SlurmScripts.ExitFile(spec.WorkDirectory, "train", 0));
        Assert.StartsWith("138 ", record, StringComparison.Ordinal);
    }
}
