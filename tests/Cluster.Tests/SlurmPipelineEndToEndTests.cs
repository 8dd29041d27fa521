using System.Text.Json;
using System.Text.RegularExpressions;
using System.Text.Json.Nodes;
using DataForge.Cluster.Pipeline;
using DataForge.Core.Manifests;
using DataForge.Core.Shards;
using DataForge.TestUtils;

namespace DataForge.Cluster.Tests;

/// <summary>
/// The demo's pipeline (ingest 4 shards → caption with the tiny model → nounstats map, then reduce) as Slurm job
/// arrays on a real single-node cluster, with one caption task failing once, against a local run of the same pipeline.
/// </summary>
[Collection(SlurmCollection.Name)]
public sealed class SlurmPipelineEndToEndTests
{
    private const int ArrayTasks = 3; // four shards over three tasks: task 0 owns shards 0 and 3

    [SlurmFact]
    public async Task Pipeline_OnSlurm_WithOneTaskFailingOnce_RetriesAndEqualsLocalRun()
    {
        using var temp = new TempDirectory();
        await using var inputs = await DemoPipelineInputs.CreateAsync(temp.Combine("inputs"), images: 15);
        var onSlurm = temp.Combine("slurm-out");
        var local = temp.Combine("local-out");
        var spec = WriteSpec(temp, inputs, onSlurm);

        using var cluster = new SlurmTestCluster();
        try
        {
            // 1. Submit; caption task 1 fails once (injected by the node-side wrapper), so its nounstats task and
            //    the reduce job never run.
            var submitted = await Cli.RunOkAsync("slurm", "submit", "--pipeline", spec);
            Assert.Contains("aftercorr:", submitted);
            var (code, status) = await Cli.RunAsync("slurm", "status", "--pipeline", spec, "--wait", "--poll-seconds", "1", "--timeout-minutes", "10");
            Assert.True(code == 1, $"status after the injected failure should exit 1:\n{status}\n{cluster.Logs()}");
            Assert.True(Regex.IsMatch(status, @"caption task 1 \(\d+_1\): failed exit 4"), status);
            Assert.True(Regex.IsMatch(status, @"nounstats task 1 \(\d+_1\): cancelled"), status);
            Assert.True(status.Contains("reduce task 0", StringComparison.Ordinal), status);
            Assert.Equal([0, 1, 2, 3], new ShardSet(DemoPipelineInputs.Images(onSlurm)).ListDoneShards());
            Assert.Equal([0, 2, 3], new ShardSet(DemoPipelineInputs.Captioned(onSlurm)).ListDoneShards());
            Assert.False(File.Exists(Path.Combine(DemoPipelineInputs.NounStats(onSlurm), "table1.csv")));

            // 2. Retry resubmits only what did not finish; the pipeline completes.
            var retried = await Cli.RunOkAsync("slurm", "retry", "--pipeline", spec);
            Assert.Contains("resubmitting tasks 1 of caption, nounstats, reduce", retried);
            (code, status) = await Cli.RunAsync("slurm", "status", "--pipeline", spec, "--wait", "--poll-seconds", "1", "--timeout-minutes", "10");
            Assert.True(code == 0, $"status after the retry should exit 0:\n{status}\n{cluster.Logs()}");
            Assert.Contains("pipeline e2e: done", status);
        }
        catch (Exception ex) when (ex is not Xunit.Sdk.XunitException)
        {
            throw new InvalidOperationException($"{ex.Message}\n{cluster.Logs()}\n{TaskLogs(temp.Combine("work"))}", ex);
        }

        // 3. The same pipeline locally, in one process per stage and no partition.
        await Cli.RunOkAsync(["ingest", .. inputs.IngestArgs(local)]);
        await Cli.RunOkAsync(["caption", .. inputs.CaptionArgs(local)]);
        await Cli.RunOkAsync(["nounstats", .. DemoPipelineInputs.NounStatsArgs(local)]);

        await AssertSameRowsAsync(DemoPipelineInputs.Images(local), DemoPipelineInputs.Images(onSlurm), ["key", "url", "caption", "status", "error_message", "width", "height", "sha256"]);
        await AssertSameRowsAsync(DemoPipelineInputs.Captioned(local), DemoPipelineInputs.Captioned(onSlurm), ["key", "caption", "status", "dense_caption", "caption_status"]);
        Assert.Equal(
            await File.ReadAllTextAsync(Path.Combine(DemoPipelineInputs.NounStats(local), "table1.csv")),
            await File.ReadAllTextAsync(Path.Combine(DemoPipelineInputs.NounStats(onSlurm), "table1.csv")));

        // 4. The reduce job refreshed the manifests: every shard listed and verified, lineage pointing at the final parent.
        var parentPath = Path.Combine(DemoPipelineInputs.Manifests(onSlurm), "demo.manifest.json");
        var parent = await ManifestStore.LoadAsync(parentPath);
        var child = await ManifestStore.LoadAsync(Path.Combine(DemoPipelineInputs.Manifests(onSlurm), "demo-captioned.manifest.json"));
        Assert.Equal(16, parent.TotalRows);
        Assert.Equal(4, child.Shards.Count);
        Assert.Empty(await ManifestStore.VerifyAsync(parent, DemoPipelineInputs.Images(onSlurm)));
        Assert.Empty(await ManifestStore.VerifyAsync(child, DemoPipelineInputs.Captioned(onSlurm)));
        Assert.Equal(await ManifestStore.Sha256HexAsync(parentPath), child.DerivedFrom!.Sha256);
    }

    private static string WriteSpec(TempDirectory temp, DemoPipelineInputs inputs, string output)
    {
        // The node-side dataforge: the real one, except that caption task 1 fails the first time it runs.
        var wrapper = temp.Combine("dataforge-on-node.sh");
        File.WriteAllText(wrapper, $"""
            #!/bin/bash
            if [ "$1" = caption ] && [ "${"{"}SLURM_ARRAY_TASK_ID:-{"}"}" = 1 ] && mkdir {temp.Combine("injected-failure")} 2>/dev/null; then
                echo "injected failure of caption task 1" >&2
                exit 4
            fi
            exec dotnet {RepoPaths.CliAssembly} "$@"

            """);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(wrapper, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        var stages = new JsonArray(
            Stage("ingest", inputs.IngestArgs(output)),
            Stage("caption", inputs.CaptionArgs(output), new JsonObject { ["gres"] = "" }), // the test node has no GPU
            Stage("nounstats", DemoPipelineInputs.NounStatsArgs(output)));
        var spec = new JsonObject
        {
            ["name"] = "e2e",
            ["work_dir"] = "work",
            ["dataforge"] = new JsonArray(wrapper),
            ["array_tasks"] = ArrayTasks,
            ["manifest_dir"] = DemoPipelineInputs.Manifests(output),
            ["environment"] = new JsonObject { ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1" },
            ["stages"] = stages,
        };
        var path = temp.Combine("pipeline.json");
        File.WriteAllText(path, spec.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        return path;
    }

    private static JsonObject Stage(string name, List<string> args, JsonObject? extra = null)
    {
        var stage = new JsonObject { ["stage"] = name, ["args"] = new JsonArray([.. args.Select(a => (JsonNode)a)]) };
        foreach (var (key, value) in extra ?? [])
        {
            stage[key] = value?.DeepClone();
        }

        return stage;
    }

    private static async Task AssertSameRowsAsync(string expectedDirectory, string actualDirectory, string[] columns)
    {
        var expected = new ShardSet(expectedDirectory);
        var actual = new ShardSet(actualDirectory);
        Assert.Equal(expected.ListDoneShards(), actual.ListDoneShards());
        foreach (var id in expected.ListDoneShards())
        {
            var want = await ShardFileReader.ReadTableAsync(expected.DataPath(id), columns);
            var got = await ShardFileReader.ReadTableAsync(actual.DataPath(id), columns);
            Assert.Equal(want.RowCount, got.RowCount);
            foreach (var column in columns)
            {
                Assert.True(
                    Render(want, column).SequenceEqual(Render(got, column)),
                    $"shard {id} column {column} differs:\n local: {string.Join(" | ", Render(want, column))}\n slurm: {string.Join(" | ", Render(got, column))}");
            }
        }
    }

    private static IEnumerable<string> Render(ShardTable table, string column) =>
        table.GetColumn(column).Values.Cast<object?>().Select(v => v?.ToString() ?? "<null>");

    private static string TaskLogs(string work) => !Directory.Exists(work) ? "" : string.Join('\n', Directory
        .EnumerateFiles(work, "*.log", SearchOption.AllDirectories)
        .Select(f => $"--- {Path.GetRelativePath(work, f)}\n{File.ReadAllText(f)}"));
}
