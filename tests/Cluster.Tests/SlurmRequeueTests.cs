using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using DataForge.Core.Shards;
using DataForge.TestUtils;

namespace DataForge.Cluster.Tests;

/// <summary>
/// A task whose node goes away is requeued by Slurm (the scripts say <c>--requeue</c>) and runs again from the top;
/// the done-markers make the rerun skip what the first run finished, so nothing is written twice.
/// </summary>
[Collection(SlurmCollection.Name)]
public sealed class SlurmRequeueTests
{
    [SlurmFact]
    public async Task RequeuedTask_RunsAgain_AndRedoesNothingItHadFinished()
    {
        using var temp = new TempDirectory();
        await using var inputs = await DemoPipelineInputs.CreateAsync(temp.Combine("inputs"), images: 7); // 8 rows: shards 0 and 1
        var output = temp.Combine("out");

        // The first run of task 0 does its work and then hangs, as a task does when its node stops answering.
        var wrapper = temp.Combine("dataforge-on-node.sh");
        File.WriteAllText(wrapper, $"""
            #!/bin/bash
            dotnet {RepoPaths.CliAssembly} "$@"
            rc=$?
            if [ "${"{"}SLURM_ARRAY_TASK_ID:-{"}"}" = 0 ] && mkdir {temp.Combine("hung-once")} 2>/dev/null; then
                echo "task 0 finished its shards; now hanging" >&2
                sleep 600
            fi
            exit $rc

            """);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(wrapper, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        var spec = new JsonObject
        {
            ["name"] = "requeue",
            ["work_dir"] = "work",
            ["dataforge"] = new JsonArray(wrapper),
            ["array_tasks"] = 2,
            ["stages"] = new JsonArray(new JsonObject { ["stage"] = "ingest", ["args"] = new JsonArray([.. inputs.IngestArgs(output).Select(a => (JsonNode)a)]) }),
        };
        var specPath = temp.Combine("pipeline.json");
        File.WriteAllText(specPath, spec.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));

        using var cluster = new SlurmTestCluster();
        await Cli.RunOkAsync("slurm", "submit", "--pipeline", specPath);
        var job = JsonNode.Parse(File.ReadAllText(temp.Combine("work", "pipeline-state.json")))!["submissions"]![0]!["job_id"]!.GetValue<string>();
        var hungMarker = temp.Combine("hung-once");
        var waited = Stopwatch.StartNew();
        while (!Directory.Exists(hungMarker) || !new ShardSet(DemoPipelineInputs.Images(output)).IsDone(0))
        {
            Assert.True(waited.Elapsed < TimeSpan.FromMinutes(3), $"task 0 never reached its hang\n{cluster.Logs()}");
            await Task.Delay(250);
        }

        // What slurmctld does when a node fails under a requeueable job; a requeued task is held 120 s unless released.
        Scontrol("requeue", $"{job}_0");
        waited.Restart();
        while (Squeue($"{job}_0") != "PENDING")
        {
            // The old run is still being killed (COMPLETING); the hold can only be lifted once the task is queued again.
            Assert.True(waited.Elapsed < TimeSpan.FromMinutes(1), $"task 0 was not requeued\n{cluster.Logs()}");
            await Task.Delay(250);
        }

        // Not at once: slurmd refuses to relaunch a job id it killed moments ago ("already killed, do not launch").
        Scontrol("update", $"JobId={job}_0", "StartTime=now+10");
        var (code, status) = await Cli.RunAsync("slurm", "status", "--pipeline", specPath, "--wait", "--poll-seconds", "1", "--timeout-minutes", "5");

        var log = string.Concat(Directory.GetFiles(temp.Combine("work", "logs", "ingest"), "task-0.*").Select(File.ReadAllText));
        Assert.True(code == 0, $"{status}\n--- task 0 log\n{log}\n{cluster.Logs()}");
        Assert.Contains("restart 1", log, StringComparison.Ordinal);
        Assert.Single(log.Split('\n'), l => l.Contains("ingest shard 00000:", StringComparison.Ordinal)); // written by the first run only
        var shards = new ShardSet(DemoPipelineInputs.Images(output));
        var keys = new List<string?>();
        foreach (var id in shards.ListDoneShards())
        {
            keys.AddRange((await ShardFileReader.ReadTableAsync(shards.DataPath(id), ["key"])).Get<string>("key"));
        }

        Assert.Equal(8, keys.Count);
        Assert.Equal(8, keys.Distinct().Count());
    }

    private static string Squeue(string job)
    {
        using var process = Process.Start(new ProcessStartInfo("squeue", ["--noheader", "--jobs", job, "--format", "%T"]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var state = process.StandardOutput.ReadToEnd().Trim();
        process.WaitForExit();
        return state;
    }

    private static void Scontrol(params string[] arguments)
    {
        using var process = Process.Start(new ProcessStartInfo("scontrol", arguments) { RedirectStandardError = true })!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"scontrol {string.Join(' ', arguments)}: {error}");
    }
}
