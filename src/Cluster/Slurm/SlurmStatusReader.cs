using System.Globalization;
using DataForge.Core.Errors;

namespace DataForge.Cluster.Slurm;

/// <summary>
/// Works out where every task of a submitted pipeline stands. Three sources, in order of trust: <c>squeue</c> for
/// what is queued or running; the exit record each task writes when it ends (it outlives Slurm's memory of the job,
/// since <c>sacct</c> needs a database many small clusters lack); <c>scontrol show job</c> for tasks that ended
/// without one (cancelled, timed out, node failure) while Slurm still remembers them.
/// </summary>
/// <param name="slurm">The Slurm commands.</param>
public sealed class SlurmStatusReader(ISlurmClient slurm)
{
    /// <summary>Reads the status.</summary>
    /// <param name="state">What was submitted.</param>
    /// <param name="workDirectory">The pipeline's work folder.</param>
    /// <param name="cancellationToken">Cancels the Slurm calls.</param>
    /// <returns>The status of every task of every submitted stage.</returns>
    public async Task<PipelineStatus> ReadAsync(PipelineState state, string workDirectory, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(state);
        var names = string.Join(',', state.Stages.Select(s => SlurmScripts.JobName(state.Pipeline, s)));
        var queue = await slurm.QueueAsync(["--noheader", "--array", "--name", names, "--format", "%F|%K|%T|%r"], cancellationToken).ConfigureAwait(false);
        var live = ParseQueue(queue);
        var remembered = new Dictionary<string, Dictionary<int, ScontrolJobRecord>>(StringComparer.Ordinal);
        var stages = new List<StageStatus>();
        foreach (var stage in state.Stages)
        {
            var submissions = state.Submissions.Where(s => s.Stage == stage).ToList();
            var tasks = new List<ArrayTaskStatus>();
            foreach (var task in submissions.SelectMany(s => s.Tasks).Distinct().Order())
            {
                var newest = submissions.Last(s => s.Tasks.Contains(task));
                tasks.Add(await TaskStatusAsync(stage, task, newest, submissions, live, remembered, workDirectory, cancellationToken).ConfigureAwait(false));
            }

            stages.Add(new StageStatus(stage, tasks));
        }

        return new PipelineStatus(state.Pipeline, stages);
    }

    /// <summary>Parses <c>squeue --array --format "%F|%K|%T|%r"</c> output (array job id, task id, state, reason).</summary>
    /// <param name="output">The output.</param>
    /// <returns>(job id, task id) → (state, reason); a non-array job is task 0.</returns>
    internal static Dictionary<(string JobId, int Task), (string State, string Reason)> ParseQueue(string output)
    {
        var live = new Dictionary<(string, int), (string, string)>();
        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = line.Split('|');
            if (parts.Length < 4)
            {
                continue;
            }

            var task = int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : 0;
            live[(parts[0], task)] = (parts[2], parts[3]);
        }

        return live;
    }

    private async Task<ArrayTaskStatus> TaskStatusAsync(
        string stage,
        int task,
        JobSubmission newest,
        List<JobSubmission> submissions,
        Dictionary<(string JobId, int Task), (string State, string Reason)> live,
        Dictionary<string, Dictionary<int, ScontrolJobRecord>> remembered,
        string workDirectory,
        CancellationToken cancellationToken)
    {
        foreach (var submission in Enumerable.Reverse(submissions).Where(s => s.Tasks.Contains(task)))
        {
            if (live.TryGetValue((submission.JobId, task), out var queued))
            {
                var running = queued.State is "RUNNING" or "COMPLETING" or "SUSPENDED" or "STOPPED";
                return new ArrayTaskStatus(task, running ? TaskState.Running : TaskState.Pending, JobIdOf(submission, task), null, $"{queued.State} ({queued.Reason})");
            }
        }

        var exitFile = SlurmScripts.ExitFile(workDirectory, stage, task);
        if (File.Exists(exitFile))
        {
            var fields = (await File.ReadAllTextAsync(exitFile, cancellationToken).ConfigureAwait(false)).Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var code = fields.Length > 0 && int.TryParse(fields[0], NumberStyles.None, CultureInfo.InvariantCulture, out var c) ? c : -1;
            var job = fields.Length > 1 ? fields[1] : JobIdOf(newest, task);
            return code is 0 or 1
                ? new ArrayTaskStatus(task, TaskState.Done, job, code, code == 1 ? "finished; some rows failed (recorded per row)" : "finished")
                : new ArrayTaskStatus(task, TaskState.Failed, job, code, DescribeExit(stage, code));
        }

        if (!remembered.TryGetValue(newest.JobId, out var records))
        {
            records = ScontrolJobRecord.ParseAll(await slurm.ShowJobAsync(newest.JobId, cancellationToken).ConfigureAwait(false));
            remembered[newest.JobId] = records;
        }

        if (records.TryGetValue(task, out var record))
        {
            var state = record.State switch
            {
                "COMPLETED" => TaskState.Done,
                "PENDING" or "REQUEUED" or "REQUEUE_HOLD" or "CONFIGURING" => TaskState.Pending,
                "RUNNING" or "COMPLETING" => TaskState.Running,
                "CANCELLED" => TaskState.Cancelled,
                _ => TaskState.Failed,
            };
            var detail = record.Reason == "DependencyNeverSatisfied" ? "never ran: its upstream task failed" : $"{record.State} ({record.Reason})";
            return new ArrayTaskStatus(task, state, JobIdOf(newest, task), record.ExitCode, detail);
        }

        return new ArrayTaskStatus(task, TaskState.Unknown, JobIdOf(newest, task), null, "no exit record, and Slurm no longer knows the job");
    }

    /// <summary>Says what a task's exit code means, in the words of the README's exit codes.</summary>
    internal static string DescribeExit(string stage, int code) => code switch
    {
        < 0 => "unreadable exit record",
        ExitCodes.Usage => $"usage error in stage {stage}: its arguments or input were refused (fix the pipeline spec; retrying the same arguments fails again)",
        ExitCodes.Environment => $"environment error in stage {stage}: the node lacks a library, device or disk space",
        ExitCodes.AllRowsFailed => $"every row of stage {stage} failed (recorded per row): nothing for the next stage",
        130 or 143 => "cancelled by a signal",
        SlurmScripts.RequeueExitCode => "stopped on Slurm's USR1 warning after writing a checkpoint; requeued to resume from it",
        _ => "the run failed",
    };

    private static string JobIdOf(JobSubmission submission, int task) =>
        submission.IsArray ? $"{submission.JobId}_{task.ToString(CultureInfo.InvariantCulture)}" : submission.JobId;
}
