using System.Globalization;
using DataForge.Cluster.Pipeline;
using DataForge.Core.Errors;

namespace DataForge.Cluster.Slurm;

/// <summary>
/// Submits a pipeline as chained Slurm jobs and resubmits what failed. Array stages are chained task by task with
/// <c>--dependency=aftercorr</c>, so shard group i moves to the next stage as soon as its own task is done, and
/// <c>--kill-on-invalid-dep=yes</c> drops the downstream tasks of a failed one instead of leaving them pending
/// forever; a final reduce job (<c>afterok</c> on everything) merges NounStats partials and refreshes manifests.
/// </summary>
/// <param name="slurm">The Slurm commands.</param>
/// <param name="defaultDataforge">The command that runs <c>dataforge</c> when the spec does not name one.</param>
/// <param name="timeProvider">The clock for submission times.</param>
public sealed class SlurmPipelineSubmitter(ISlurmClient slurm, IReadOnlyList<string> defaultDataforge, TimeProvider? timeProvider = null)
{
    private readonly TimeProvider _time = timeProvider ?? TimeProvider.System;

    /// <summary>Submits the selected stages (all when <paramref name="stageNames"/> is empty) and the reduce job.</summary>
    /// <param name="spec">The pipeline.</param>
    /// <param name="stageNames">Stages to submit, or empty for all.</param>
    /// <param name="dryRun">Print the scripts and <c>sbatch</c> lines instead of submitting.</param>
    /// <param name="log">Receives what is submitted (or would be).</param>
    /// <param name="cancellationToken">Cancels between submissions.</param>
    /// <returns>The submissions, empty on a dry run.</returns>
    public async Task<IReadOnlyList<JobSubmission>> SubmitAsync(PipelineSpec spec, IReadOnlyCollection<string> stageNames, bool dryRun, TextWriter log, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var selected = spec.Select(stageNames);
        var all = Enumerable.Range(0, spec.ArrayTasks).ToList();
        var plan = selected.Select(s => new PlannedJob(s.Stage, spec.Stages.IndexOf(s), s.Shape == StageShape.Array ? all : [0], s.Shape == StageShape.Array, SlurmScripts.StageScript(spec, s, Dataforge(spec)))).ToList();
        AddReduce(spec, selected, plan);
        return await RunPlanAsync(spec, plan, dryRun, log, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Resubmits every task that is not done, with its downstream tasks. Tasks of a shard group that finished a stage
    /// run it again only as a no-op, since done shards are never redone; that keeps the <c>aftercorr</c> chain whole.
    /// </summary>
    /// <param name="spec">The pipeline.</param>
    /// <param name="dryRun">Print instead of submitting.</param>
    /// <param name="log">Receives what is resubmitted.</param>
    /// <param name="cancellationToken">Cancels between submissions.</param>
    /// <returns>The new submissions; empty when everything is done.</returns>
    /// <exception cref="OptionsValidationException">Tasks are still pending or running.</exception>
    public async Task<IReadOnlyList<JobSubmission>> RetryAsync(PipelineSpec spec, bool dryRun, TextWriter log, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(log);
        var state = PipelineState.Load(spec.WorkDirectory);
        var status = await new SlurmStatusReader(slurm).ReadAsync(state, spec.WorkDirectory, cancellationToken).ConfigureAwait(false);
        if (!status.IsSettled)
        {
            throw new OptionsValidationException("retry", "some tasks are still pending or running; wait for them ('dataforge slurm status --wait') or scancel them first");
        }

        var stages = status.Stages.Where(s => s.Stage != SlurmScripts.ReduceStage).ToList();
        var redo = stages.SelectMany(s => s.Tasks).Where(t => t.State != TaskState.Done).Select(t => t.Task).Distinct().Order().ToList();
        var first = stages.FindIndex(s => !s.IsDone);
        var plan = new List<PlannedJob>();
        var submitted = stages.Select(s => spec.Stages.FirstOrDefault(p => p.Stage == s.Stage)
            ?? throw new OptionsValidationException("--pipeline", $"stage '{s.Stage}' was submitted but is no longer in the spec")).ToList();
        if (first >= 0)
        {
            for (var i = first; i < submitted.Count; i++)
            {
                var stage = submitted[i];
                var isArray = stage.Shape == StageShape.Array;
                if ((isArray && redo.Count > 0) || (!isArray && !stages[i].IsDone))
                {
                    plan.Add(new PlannedJob(stage.Stage, spec.Stages.IndexOf(stage), isArray ? redo : [0], isArray, SlurmScripts.StageScript(spec, stage, Dataforge(spec))));
                }
            }
        }

        var reduce = status.Stages.FirstOrDefault(s => s.Stage == SlurmScripts.ReduceStage);
        if (plan.Count > 0 || reduce is { IsDone: false })
        {
            AddReduce(spec, submitted, plan);
        }

        if (plan.Count == 0)
        {
            await log.WriteLineAsync($"{spec.Name}: every task is done; nothing to retry").ConfigureAwait(false);
            return [];
        }

        await log.WriteLineAsync($"{spec.Name}: resubmitting tasks {string.Join(',', redo)} of {string.Join(", ", plan.Select(p => p.Stage))}").ConfigureAwait(false);
        return await RunPlanAsync(spec, plan, dryRun, log, cancellationToken).ConfigureAwait(false);
    }

    private IReadOnlyList<string> Dataforge(PipelineSpec spec) => spec.Dataforge.Count > 0 ? spec.Dataforge : defaultDataforge;

    private void AddReduce(PipelineSpec spec, IReadOnlyList<PipelineStageSpec> stages, List<PlannedJob> plan)
    {
        if (SlurmScripts.ReduceScript(spec, stages, Dataforge(spec)) is { } reduce)
        {
            plan.Add(new PlannedJob(SlurmScripts.ReduceStage, spec.Stages.Count, [0], false, reduce));
        }
    }

    private async Task<IReadOnlyList<JobSubmission>> RunPlanAsync(PipelineSpec spec, List<PlannedJob> plan, bool dryRun, TextWriter log, CancellationToken cancellationToken)
    {
        var work = spec.WorkDirectory;
        var state = dryRun ? null : PipelineState.LoadOrCreate(spec);
        var order = spec.Stages.Select(s => s.Stage).ToList();
        var done = new List<JobSubmission>();
        var ids = new List<string>();
        PlannedJob? previous = null;
        foreach (var job in plan)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var script = SlurmScripts.ScriptPath(work, job.Position, job.Stage);
            var previousId = dryRun ? $"<job id of {previous?.Stage}>" : done.LastOrDefault()?.JobId;
            string? dependency = job.Stage == SlurmScripts.ReduceStage
                ? (ids.Count > 0 ? "afterok:" + string.Join(':', ids) : null)
                : previous is null ? null : (previous.IsArray && job.IsArray ? "aftercorr:" : "afterok:") + previousId;
            var arguments = new List<string>();
            if (dependency is not null)
            {
                arguments.Add("--dependency=" + dependency);
                arguments.Add("--kill-on-invalid-dep=yes");
            }

            if (job.IsArray && job.Tasks.Count != spec.ArrayTasks)
            {
                // A retry: only these tasks; the script's own #SBATCH --array is the full range.
                var limit = spec.MaxParallelTasks is { } max ? "%" + max.ToString(CultureInfo.InvariantCulture) : "";
                arguments.Add("--array=" + string.Join(',', job.Tasks) + limit);
            }

            arguments.Add(script);
            if (dryRun)
            {
                await log.WriteLineAsync($"# ---- {script}").ConfigureAwait(false);
                await log.WriteAsync(job.Script).ConfigureAwait(false);
                await log.WriteLineAsync("# submit: sbatch --parsable " + string.Join(' ', arguments.Select(SlurmScripts.Quote))).ConfigureAwait(false);
                ids.Add($"<job id of {job.Stage}>");
                previous = job;
                continue;
            }

            Directory.CreateDirectory(Path.GetDirectoryName(script)!);
            Directory.CreateDirectory(SlurmScripts.LogDirectory(work, job.Stage)); // Slurm does not create log folders
            await File.WriteAllTextAsync(script, job.Script, cancellationToken).ConfigureAwait(false);
            var jobId = await slurm.SubmitAsync(arguments, cancellationToken).ConfigureAwait(false);
            var submission = new JobSubmission
            {
                Stage = job.Stage, JobId = jobId, Tasks = [.. job.Tasks], IsArray = job.IsArray, Script = script,
                Dependency = dependency, SubmittedAt = _time.GetUtcNow(),
            };
            done.Add(submission);
            ids.Add(jobId);
            state!.Add(submission, order);

            // Saved after every sbatch, so a failure halfway still leaves status and retry knowing what runs.
            await state.SaveAsync(work, cancellationToken).ConfigureAwait(false);
            await log.WriteLineAsync($"{job.Stage}: job {jobId}{(job.IsArray ? $" tasks {string.Join(',', job.Tasks)}" : "")}{(dependency is null ? "" : $" after {dependency}")}").ConfigureAwait(false);
            previous = job;
        }

        return done;
    }

    private sealed record PlannedJob(string Stage, int Position, IReadOnlyList<int> Tasks, bool IsArray, string Script);
}
