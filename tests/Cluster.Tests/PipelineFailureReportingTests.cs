using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using DataForge.Cluster.Slurm;
using DataForge.TestUtils;

namespace DataForge.Cluster.Tests;

/// <summary>
/// A pipeline that cannot work fails once, at submission, and a task that failed says why: usage errors, every row
/// failed, and Kubernetes Jobs that fail stop the chain instead of waiting for ever.
/// </summary>
public sealed class PipelineFailureReportingTests
{
    private static readonly string[] Dataforge = ["dataforge"];

    [Theory]
    [InlineData("--dry-run")]
    [InlineData("--k8s")]
    [InlineData(null)]
    public async Task Submit_StageWithAMisspeltOption_ExitsWith2BeforeWritingOrSubmittingAnything(string? mode)
    {
        // Given a spec whose ingest stage says --url-col (img2dataset's spelling; the option is --url-column)
        using var temp = new TempDirectory();
        var spec = PipelineSpecFiles.Demo(temp.Path, s => s["stages"]![0]!["args"] = new JsonArray("--input", "laion.parquet", "--output", "images", "--url-col", "URL"));
        var k8sOut = temp.Combine("k8s");
        string[] args = mode switch
        {
            "--k8s" => ["slurm", "submit", "--pipeline", spec.SourcePath, "--k8s", "--k8s-output", k8sOut],
            null => ["slurm", "submit", "--pipeline", spec.SourcePath],
            _ => ["slurm", "submit", "--pipeline", spec.SourcePath, mode],
        };

        // When it is submitted
        var (code, output) = await Cli.RunAsync(args);

        // Then the refusal names the stage and the unknown option, and nothing was written (so nothing was submitted)
        Assert.Equal(2, code);
        Assert.Contains("stage 'ingest'", output, StringComparison.Ordinal);
        Assert.Contains("--url-col", output, StringComparison.Ordinal);
        Assert.False(Directory.Exists(spec.WorkDirectory), "the work folder (scripts, state) was written");
        Assert.False(Directory.Exists(k8sOut), "Kubernetes manifests were written");
    }

    [Fact]
    public async Task Status_SaysWhatEachExitCodeMeans_AndNamesTheTasksOwnLog()
    {
        // Given a submitted pipeline whose caption tasks ended with a usage error, every row failed, and failed rows
        using var temp = new TempDirectory();
        var spec = PipelineSpecFiles.Demo(temp.Path);
        var slurm = new RecordingSlurmClient();
        await new SlurmPipelineSubmitter(slurm, Dataforge).SubmitAsync(spec, [], dryRun: false, TextWriter.Null);
        foreach (var task in new[] { 0, 1, 2 })
        {
            WriteExit(spec.WorkDirectory, "ingest", task, $"0 100_{task}");
        }

        WriteExit(spec.WorkDirectory, "caption", 0, "2 101_0");
        WriteExit(spec.WorkDirectory, "caption", 1, "5 101_1");
        WriteExit(spec.WorkDirectory, "caption", 2, "1 101_2");

        // When the status is read and described
        var status = await new SlurmStatusReader(slurm).ReadAsync(PipelineState.Load(spec.WorkDirectory), spec.WorkDirectory);
        var text = SlurmPipelineMonitor.Describe(status, spec.WorkDirectory);

        // Then exit 2 is a usage error in that stage with its log, exit 5 failed the task, exit 1 counts as done
        var caption = status.Stages.Single(s => s.Stage == "caption");
        Assert.Equal([TaskState.Failed, TaskState.Failed, TaskState.Done], caption.Tasks.Select(t => t.State));
        Assert.Contains($"caption task 0 (101_0): failed exit 2, usage error in stage caption", text, StringComparison.Ordinal);
        Assert.Contains(Path.Combine(spec.WorkDirectory, "logs", "caption", "task-0.job-101.log"), text, StringComparison.Ordinal);
        Assert.Contains("caption task 1 (101_1): failed exit 5, every row of stage caption failed", text, StringComparison.Ordinal);
        Assert.DoesNotContain("caption task 2", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task K8sApplyScript_StopsAtAFailedJob_AndNeverStartsTheNextStage()
    {
        // Given the manifests and a kubectl that reports ingest complete and caption failed
        using var temp = new TempDirectory();
        var spec = PipelineSpecFiles.Demo(temp.Path);
        var folder = temp.Combine("k8s");
        await Cli.RunOkAsync("slurm", "submit", "--pipeline", spec.SourcePath, "--k8s", "--k8s-output", folder);
        var bin = temp.Combine("bin");
        Directory.CreateDirectory(bin);
        var log = temp.Combine("kubectl.log");
        var kubectl = Path.Combine(bin, "kubectl");
        await File.WriteAllTextAsync(kubectl, $$"""
            #!/bin/bash
            echo "$*" >> '{{log}}'
            case "$*" in
              *"get job/df-laion-dense-ingest"*) echo -n "Complete " ;;
              *"get job/df-laion-dense-caption"*) echo -n "FailureTarget Failed " ;;
              *"get job/"*) echo -n "" ;;
            esac
            exit 0
            """);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(kubectl, UnixFileMode.UserRead | UnixFileMode.UserExecute | UnixFileMode.UserWrite);
        }

        // When apply.sh runs
        var start = new ProcessStartInfo("bash", [Path.Combine(folder, "apply.sh")]) { RedirectStandardError = true, RedirectStandardOutput = true };
        start.Environment["PATH"] = bin + ":" + Environment.GetEnvironmentVariable("PATH");
        using var apply = Process.Start(start)!;
        var error = apply.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await apply.WaitForExitAsync(timeout.Token);

        // Then it failed at caption, saying so, and nounstats and the reduce step were never applied
        Assert.NotEqual(0, apply.ExitCode);
        Assert.Contains("job df-laion-dense-caption failed", await error, StringComparison.Ordinal);
        var calls = await File.ReadAllLinesAsync(log);
        Assert.Equal(["apply -f 00-ingest.job.json", "apply -f 01-caption.job.json"], calls.Where(c => c.StartsWith("apply", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(1, 0)] // failed rows recorded per row: the index succeeded
    [InlineData(2, 2)]
    [InlineData(5, 5)] // every row failed: the index failed
    public async Task K8sContainerCommand_MapsExit1ToSuccess_AndKeepsEveryOtherCode(int dataforgeExit, int podExit)
    {
        using var temp = new TempDirectory();
        var spec = PipelineSpecFiles.Demo(temp.Path, s => s["kubernetes"]!["command"] = new JsonArray("bash", "-c", "exit $1", "fake-dataforge"));
        var folder = temp.Combine("k8s");
        await Cli.RunOkAsync("slurm", "submit", "--pipeline", spec.SourcePath, "--k8s", "--k8s-output", folder);
        using var job = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(folder, "00-ingest.job.json")));
        var command = job.RootElement.GetProperty("spec").GetProperty("template").GetProperty("spec").GetProperty("containers")[0]
            .GetProperty("command").EnumerateArray().Select(e => e.GetString()!).ToList();

        // The fake dataforge exits with its first argument: the stage name is argument 1, so put the code there.
        var start = new ProcessStartInfo(command[0]) { UseShellExecute = false };
        foreach (var arg in command.Skip(1).Select(a => a == "ingest" ? dataforgeExit.ToString(System.Globalization.CultureInfo.InvariantCulture) : a))
        {
            start.ArgumentList.Add(arg);
        }

        using var pod = Process.Start(start)!;
        await pod.WaitForExitAsync();
        Assert.Equal(podExit, pod.ExitCode);
    }

    [Fact]
    public async Task K8sJobs_GiveUpAnIndexOnUsageErrors_AndFailAStageBeforeEveryIndexFailed()
    {
        using var temp = new TempDirectory();
        var spec = PipelineSpecFiles.Demo(temp.Path, s => s["array_tasks"] = 20);
        var folder = temp.Combine("k8s");
        await Cli.RunOkAsync("slurm", "submit", "--pipeline", spec.SourcePath, "--k8s", "--k8s-output", folder);
        using var job = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(folder, "00-ingest.job.json")));
        var jobSpec = job.RootElement.GetProperty("spec");

        Assert.Equal(2, jobSpec.GetProperty("maxFailedIndexes").GetInt32());
        var rule = jobSpec.GetProperty("podFailurePolicy").GetProperty("rules")[0];
        Assert.Equal("FailIndex", rule.GetProperty("action").GetString());
        Assert.Equal([2, 3], rule.GetProperty("onExitCodes").GetProperty("values").EnumerateArray().Select(v => v.GetInt32()));
        Assert.Equal("ingest", rule.GetProperty("onExitCodes").GetProperty("containerName").GetString());

        var invalid = Assert.Throws<Core.Errors.OptionsValidationException>(() => PipelineSpecFiles.Demo(temp.Combine("bad"), s => s["kubernetes"]!["max_failed_indexes"] = 3 * 20));
        Assert.Equal("kubernetes.max_failed_indexes", invalid.OptionName);
    }

    private static void WriteExit(string work, string stage, int task, string record)
    {
        var path = SlurmScripts.ExitFile(work, stage, task);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, record + "\n");
    }
}
