using DataForge.Cluster.Slurm;
using DataForge.Core.Errors;
using DataForge.TestUtils;

namespace DataForge.Cluster.Tests;

public sealed class SlurmPipelineSubmitterTests
{
    private static readonly string[] Dataforge = ["dataforge"];

    [Fact]
    public async Task Submit_ChainsArraysTaskByTask_AndTheReduceAfterEverything()
    {
        using var temp = new TempDirectory();
        var spec = PipelineSpecFiles.Demo(temp.Path);
        var slurm = new RecordingSlurmClient();

        var jobs = await new SlurmPipelineSubmitter(slurm, Dataforge).SubmitAsync(spec, [], dryRun: false, TextWriter.Null);

        Assert.Equal(["ingest", "caption", "nounstats", "reduce"], jobs.Select(j => j.Stage));
        Assert.Equal(["100", "101", "102", "103"], jobs.Select(j => j.JobId));
        Assert.Equal([null, "aftercorr:100", "aftercorr:101", "afterok:100:101:102"], jobs.Select(j => j.Dependency));
        Assert.All(slurm.Submitted.Skip(1), args => Assert.Contains("--kill-on-invalid-dep=yes", args));
        Assert.All(jobs, j => Assert.True(File.Exists(j.Script)));
        Assert.True(Directory.Exists(SlurmScripts.LogDirectory(spec.WorkDirectory, "caption"))); // Slurm would not create it
        Assert.Equal(["ingest", "caption", "nounstats", "reduce"], PipelineState.Load(spec.WorkDirectory).Stages);
    }

    [Fact]
    public async Task Retry_ResubmitsTheUnfinishedShardGroupFromItsFirstUnfinishedStage()
    {
        using var temp = new TempDirectory();
        var spec = PipelineSpecFiles.Demo(temp.Path);
        var slurm = new RecordingSlurmClient();
        var submitter = new SlurmPipelineSubmitter(slurm, Dataforge);
        await submitter.SubmitAsync(spec, [], dryRun: false, TextWriter.Null);

        // Every ingest task finished; caption task 2 failed; everything downstream of it left no record.
        foreach (var task in new[] { 0, 1, 2 })
        {
            WriteExit(spec.WorkDirectory, "ingest", task, task == 1 ? 1 : 0); // 1 = done with some failed rows
        }

        WriteExit(spec.WorkDirectory, "caption", 0, 0);
        WriteExit(spec.WorkDirectory, "caption", 1, 0);
        WriteExit(spec.WorkDirectory, "caption", 2, 137);
        WriteExit(spec.WorkDirectory, "nounstats", 0, 0);
        WriteExit(spec.WorkDirectory, "nounstats", 1, 0);
        slurm.Submitted.Clear();

        var jobs = await submitter.RetryAsync(spec, dryRun: false, TextWriter.Null);

        Assert.Equal(["caption", "nounstats", "reduce"], jobs.Select(j => j.Stage));
        Assert.Equal([2], jobs[0].Tasks);
        Assert.Contains("--array=2%2", slurm.Submitted[0]); // only the failed group, keeping the parallelism cap
        Assert.Equal("aftercorr:" + jobs[0].JobId, jobs[1].Dependency);
        Assert.Equal($"afterok:{jobs[0].JobId}:{jobs[1].JobId}", jobs[2].Dependency);
    }

    [Fact]
    public async Task Retry_WhileTasksAreQueued_IsRefused()
    {
        using var temp = new TempDirectory();
        var spec = PipelineSpecFiles.Demo(temp.Path);
        var slurm = new RecordingSlurmClient();
        var submitter = new SlurmPipelineSubmitter(slurm, Dataforge);
        var jobs = await submitter.SubmitAsync(spec, ["ingest"], dryRun: false, TextWriter.Null);
        slurm.Queue = $"{jobs[0].JobId}|1|RUNNING|None\n";

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => submitter.RetryAsync(spec, dryRun: false, TextWriter.Null));

        Assert.Contains("still pending or running", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_ForgottenTaskWithoutExitRecord_IsUnknownNotDone()
    {
        using var temp = new TempDirectory();
        var spec = PipelineSpecFiles.Demo(temp.Path);
        var slurm = new RecordingSlurmClient();
        await new SlurmPipelineSubmitter(slurm, Dataforge).SubmitAsync(spec, ["ingest"], dryRun: false, TextWriter.Null);
        WriteExit(spec.WorkDirectory, "ingest", 0, 0);
        slurm.Queue = "100|2|PENDING|Resources\n";

        var status = await new SlurmStatusReader(slurm).ReadAsync(PipelineState.Load(spec.WorkDirectory), spec.WorkDirectory);

        var ingest = status.Stages[0];
        Assert.Equal([TaskState.Done, TaskState.Unknown, TaskState.Pending], ingest.Tasks.Select(t => t.State));
        Assert.False(status.IsSettled);
    }

    private static void WriteExit(string work, string stage, int task, int code)
    {
        var path = SlurmScripts.ExitFile(work, stage, task);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, $"{code} 1_{task}\n");
    }
}
