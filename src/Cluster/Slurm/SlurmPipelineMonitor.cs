using System.Globalization;
using System.Text;
using DataForge.Cluster.Pipeline;
using DataForge.Core.Errors;

namespace DataForge.Cluster.Slurm;

/// <summary>Reads, waits for and describes a submitted pipeline's status.</summary>
/// <param name="slurm">The Slurm commands.</param>
/// <param name="timeProvider">The clock for polling.</param>
public sealed class SlurmPipelineMonitor(ISlurmClient slurm, TimeProvider? timeProvider = null)
{
    private readonly TimeProvider _time = timeProvider ?? TimeProvider.System;

    /// <summary>Reads the status once, or polls until it settles when <see cref="SlurmStatusOptions.Wait"/> is set.</summary>
    /// <param name="options">The options.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>The last status read.</returns>
    /// <exception cref="DataForgeException">The wait timed out.</exception>
    public async Task<PipelineStatus> ReadAsync(SlurmStatusOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var spec = PipelineSpec.Load(options.PipelineFile);
        var reader = new SlurmStatusReader(slurm);
        var started = _time.GetTimestamp();
        while (true)
        {
            var status = await reader.ReadAsync(PipelineState.Load(spec.WorkDirectory), spec.WorkDirectory, cancellationToken).ConfigureAwait(false);
            if (!options.Wait || status.IsSettled)
            {
                return status;
            }

            if (options.TimeoutMinutes > 0 && _time.GetElapsedTime(started).TotalMinutes > options.TimeoutMinutes)
            {
                throw new DataForgeException($"{spec.Name}: still running after {options.TimeoutMinutes} minutes:\n{Describe(status, spec.WorkDirectory)}");
            }

            await Task.Delay(TimeSpan.FromSeconds(options.PollSeconds), _time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Describes a status: a line per stage with its counts, then every task that did not finish well.</summary>
    /// <param name="status">The status.</param>
    /// <param name="workDirectory">The pipeline's work folder, to name the logs.</param>
    /// <returns>The text.</returns>
    public static string Describe(PipelineStatus status, string workDirectory)
    {
        ArgumentNullException.ThrowIfNull(status);
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"pipeline {status.Pipeline}: {(status.IsDone ? "done" : status.IsSettled ? "stopped with failures (dataforge slurm retry resubmits them)" : "in progress")}\n");
        text.Append(CultureInfo.InvariantCulture, $"{"stage",-18}{"tasks",6}{"pending",9}{"running",9}{"done",6}{"failed",8}{"cancelled",11}\n");
        foreach (var stage in status.Stages)
        {
            text.Append(CultureInfo.InvariantCulture, $"{stage.Stage,-18}{stage.Tasks.Count,6}{stage.Count(TaskState.Pending),9}{stage.Count(TaskState.Running),9}{stage.Count(TaskState.Done),6}{stage.Count(TaskState.Failed) + stage.Count(TaskState.Unknown),8}{stage.Count(TaskState.Cancelled),11}\n");
        }

        foreach (var stage in status.Stages)
        {
            foreach (var task in stage.Tasks.Where(t => t.State is TaskState.Failed or TaskState.Cancelled or TaskState.Unknown))
            {
                var code = task.State == TaskState.Failed && task.ExitCode is { } c ? $" exit {c}" : "";
                text.Append(CultureInfo.InvariantCulture, $"  {stage.Stage} task {task.Task} ({task.JobId}): {task.State.ToString().ToLowerInvariant()}{code}, {task.Detail}; log {SlurmScripts.LogFile(workDirectory, stage.Stage, task.JobId)}\n");
            }
        }

        return text.ToString();
    }
}
