using System.Globalization;
using System.Text;
using DataForge.Cluster.Pipeline;
using DataForge.Core.Partitioning;

namespace DataForge.Cluster.Slurm;

/// <summary>
/// Writes the <c>sbatch</c> scripts of a pipeline and names what they leave behind (logs, exit records). Every
/// option a user may want to inspect or resubmit by hand is an <c>#SBATCH</c> line; only the job ids of
/// dependencies, unknown until submission, go on the <c>sbatch</c> command line.
/// </summary>
public static class SlurmScripts
{
    /// <summary>The name of the final job that merges NounStats partials and refreshes manifests.</summary>
    public const string ReduceStage = "reduce";

    /// <summary>
    /// Seconds of warning Slurm gives the <c>train</c> job before its time limit or pre-emption
    /// (<c>#SBATCH --signal=B:USR1@120</c>): enough to finish the step in flight and write a checkpoint.
    /// </summary>
    public const int RequeueWarningSeconds = 120;

    /// <summary>What <c>dataforge train</c> exits with after checkpointing on SIGUSR1 (128 + 10): requeue me.</summary>
    public const int RequeueExitCode = 138;

    private const string CheckpointingStage = "train";

    /// <summary>Gets the Slurm job name of a stage.</summary>
    /// <param name="spec">The pipeline.</param>
    /// <param name="stage">The stage name.</param>
    /// <returns><c>df-PIPELINE-STAGE</c>.</returns>
    public static string JobName(PipelineSpec spec, string stage) => JobName(spec.Name, stage);

    /// <summary>Gets the Slurm job name of a stage.</summary>
    /// <param name="pipeline">The pipeline name.</param>
    /// <param name="stage">The stage name.</param>
    /// <returns><c>df-PIPELINE-STAGE</c>.</returns>
    public static string JobName(string pipeline, string stage) => $"df-{pipeline}-{stage}";

    /// <summary>Gets where a task records its exit code.</summary>
    /// <param name="workDirectory">The pipeline's work folder.</param>
    /// <param name="stage">The stage name.</param>
    /// <param name="task">The array task id (0 for a single job).</param>
    /// <returns>The file path.</returns>
    public static string ExitFile(string workDirectory, string stage, int task) =>
        Path.Combine(workDirectory, "state", stage, $"task-{task.ToString(CultureInfo.InvariantCulture)}.exit");

    /// <summary>Gets the folder a stage's task logs go to.</summary>
    /// <param name="workDirectory">The pipeline's work folder.</param>
    /// <param name="stage">The stage name.</param>
    /// <returns>The folder.</returns>
    public static string LogDirectory(string workDirectory, string stage) => Path.Combine(workDirectory, "logs", stage);

    /// <summary>Gets the log file of one task, as the script's <c>--output</c> pattern names it.</summary>
    /// <param name="workDirectory">The pipeline's work folder.</param>
    /// <param name="stage">The stage name.</param>
    /// <param name="jobId">The task's job id: <c>ARRAY_TASK</c> for array tasks, the plain id for single jobs.</param>
    /// <returns>The file path, or the stage's log folder when the job id is unknown.</returns>
    public static string LogFile(string workDirectory, string stage, string? jobId)
    {
        var folder = LogDirectory(workDirectory, stage);
        if (string.IsNullOrEmpty(jobId))
        {
            return folder;
        }

        var underscore = jobId.IndexOf('_', StringComparison.Ordinal);
        return underscore > 0
            ? Path.Combine(folder, $"task-{jobId[(underscore + 1)..]}.job-{jobId[..underscore]}.log")
            : Path.Combine(folder, $"job-{jobId}.log");
    }

    /// <summary>Gets the path of a stage's script.</summary>
    /// <param name="workDirectory">The pipeline's work folder.</param>
    /// <param name="position">The stage's position in the pipeline.</param>
    /// <param name="stage">The stage name.</param>
    /// <returns>The file path.</returns>
    public static string ScriptPath(string workDirectory, int position, string stage) =>
        Path.Combine(workDirectory, "scripts", $"{position.ToString("D2", CultureInfo.InvariantCulture)}-{stage}.sbatch");

    /// <summary>Writes the script of one stage: an array over the shard groups, or a single job.</summary>
    /// <param name="spec">The pipeline.</param>
    /// <param name="stage">The stage.</param>
    /// <param name="dataforge">The command that runs <c>dataforge</c> on the nodes.</param>
    /// <returns>The script text.</returns>
    public static string StageScript(PipelineSpec spec, PipelineStageSpec stage, IReadOnlyList<string> dataforge)
    {
        var work = spec.WorkDirectory;
        var array = stage.Shape == StageShape.Array;
        var text = Header(spec, stage.Stage, array
            ? $"task i of {spec.ArrayTasks} owns the shards with id % {spec.ArrayTasks} == i"
            : "one job over every shard");
        if (array)
        {
            var limit = spec.MaxParallelTasks is { } max ? "%" + max.ToString(CultureInfo.InvariantCulture) : "";
            text.Append(CultureInfo.InvariantCulture, $"#SBATCH --array=0-{spec.ArrayTasks - 1}{limit}\n");
            text.Append(CultureInfo.InvariantCulture, $"#SBATCH --output={LogDirectory(work, stage.Stage)}/task-%a.job-%A.log\n");
        }
        else
        {
            text.Append(CultureInfo.InvariantCulture, $"#SBATCH --output={LogDirectory(work, stage.Stage)}/job-%j.log\n");
        }

        var checkpoints = stage.Stage == CheckpointingStage;
        if (checkpoints)
        {
            text.Append(CultureInfo.InvariantCulture, $"#SBATCH --signal=B:USR1@{RequeueWarningSeconds}\n");
        }

        Resources(text, spec, stage.Partition ?? spec.Partition, stage.CpusPerTask, stage.Mem, stage.Time, stage.EffectiveGres, stage.ExtraSbatch);
        Prologue(text, spec, stage.Stage, array ? "${SLURM_ARRAY_TASK_ID:?run this script with sbatch}" : "0");
        if (array)
        {
            // The scheduler's own task count is wrong for a retry array (--array=2,5); the pipeline's is declared here.
            text.Append(CultureInfo.InvariantCulture, $"export {WorkPartition.ShardCountVariable}={spec.ArrayTasks}\n");
        }

        var args = stage.TaskArgs;
        if (checkpoints)
        {
            CheckpointOnSignal(text, Command(dataforge, stage.Stage, args));
        }
        else
        {
            text.Append(Command(dataforge, stage.Stage, args)).Append('\n');
        }

        Epilogue(text);
        return text.ToString();
    }

    /// <summary>
    /// Writes the final job: the NounStats report from every task's partials, then a refresh of every manifest so
    /// each lists all shards. Returns <see langword="null"/> when the selection needs neither.
    /// </summary>
    /// <param name="spec">The pipeline.</param>
    /// <param name="selected">The stages submitted with it.</param>
    /// <param name="dataforge">The command that runs <c>dataforge</c> on the nodes.</param>
    /// <returns>The script text, or <see langword="null"/>.</returns>
    public static string? ReduceScript(PipelineSpec spec, IReadOnlyList<PipelineStageSpec> selected, IReadOnlyList<string> dataforge)
    {
        var nounstats = selected.FirstOrDefault(s => s.Stage == "nounstats");
        if (nounstats is null && spec.ManifestDir is null)
        {
            return null;
        }

        var text = Header(spec, ReduceStage, "merges the map tasks' results once every task is done");
        text.Append(CultureInfo.InvariantCulture, $"#SBATCH --output={LogDirectory(spec.WorkDirectory, ReduceStage)}/job-%j.log\n");
        Resources(text, spec, spec.Partition, null, null, null, null, []);
        Prologue(text, spec, ReduceStage, "0");
        var steps = new List<string>();
        if (nounstats is not null)
        {
            // Every partial is done, so this run only merges them and writes the report and plots.
            steps.Add(Command(dataforge, "nounstats", nounstats.Args));
        }

        if (spec.ManifestDir is not null)
        {
            var manifests = Path.GetFullPath(spec.ManifestDir, Path.GetDirectoryName(spec.SourcePath)!);
            steps.Add(Command(dataforge, "manifest", ["refresh", "--dir", manifests]));
        }

        text.Append(string.Join(" \\\n  && ", steps)).Append('\n');
        Epilogue(text);
        return text.ToString();
    }

    /// <summary>Quotes a word for bash.</summary>
    /// <param name="word">The word.</param>
    /// <returns>The word, single-quoted where it needs it.</returns>
    public static string Quote(string word) =>
        word.Length > 0 && word.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '/' or '=' or ':' or ',' or '+' or '@')
            ? word
            : "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    private static StringBuilder Header(PipelineSpec spec, string stage, string what)
    {
        var text = new StringBuilder("#!/bin/bash\n");
        text.Append(CultureInfo.InvariantCulture, $"# Written by 'dataforge slurm submit' from {spec.SourcePath}: pipeline {spec.Name}, stage {stage}; {what}.\n");
        text.Append(CultureInfo.InvariantCulture, $"#SBATCH --job-name={JobName(spec, stage)}\n");
        text.Append("#SBATCH --open-mode=append\n");

        // A task on a failed node runs again; done shards are skipped, so the rerun continues where it stopped.
        text.Append("#SBATCH --requeue\n");
        return text;
    }

    private static void Resources(StringBuilder text, PipelineSpec spec, string? partition, int? cpus, string? mem, string? time, string? gres, IEnumerable<string> extra)
    {
        void Line(string option, string? value)
        {
            if (!string.IsNullOrEmpty(value))
            {
                text.Append(CultureInfo.InvariantCulture, $"#SBATCH --{option}={value}\n");
            }
        }

        Line("partition", partition);
        Line("account", spec.Account);
        Line("cpus-per-task", cpus?.ToString(CultureInfo.InvariantCulture));
        Line("mem", mem);
        Line("time", time);
        Line("gres", gres);
        foreach (var option in extra)
        {
            text.Append("#SBATCH ").Append(option).Append('\n');
        }
    }

    private static void Prologue(StringBuilder text, PipelineSpec spec, string stage, string task)
    {
        text.Append("set -uo pipefail\n");
        foreach (var (name, value) in spec.Environment.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            text.Append(CultureInfo.InvariantCulture, $"export {name}={Quote(value)}\n");
        }

        text.Append(CultureInfo.InvariantCulture, $"task={task}\n");
        text.Append(CultureInfo.InvariantCulture, $"exit_file={Quote(Path.Combine(spec.WorkDirectory, "state", stage))}/task-$task.exit\n");
        text.Append("mkdir -p \"$(dirname \"$exit_file\")\" && rm -f \"$exit_file\"\n");
        text.Append(CultureInfo.InvariantCulture, $"echo \"dataforge {stage}: task $task on $(hostname), job ${{SLURM_JOB_ID:-?}}, restart ${{SLURM_RESTART_COUNT:-0}}, $(date -Is)\"\n");
    }

    // B:USR1 reaches only the batch shell, whose default for USR1 is to die: run dataforge as a child, pass the signal
    // on, wait until the child has written its checkpoint, and requeue the job so the next run resumes from it.
    private static void CheckpointOnSignal(StringBuilder text, string command)
    {
        text.Append(command).Append(" &\n");
        text.Append("child=$!\n");
        text.Append("trap 'kill -USR1 \"$child\" 2>/dev/null' USR1\n");
        text.Append("trap 'kill -TERM \"$child\" 2>/dev/null' TERM\n");
        text.Append("wait \"$child\"\n");
        text.Append("rc=$?\n");
        text.Append("# wait returns early when a trapped signal arrives: keep waiting until the checkpoint is written.\n");
        text.Append("while kill -0 \"$child\" 2>/dev/null; do wait \"$child\"; rc=$?; done\n");
        text.Append(CultureInfo.InvariantCulture, $"if [ \"$rc\" -eq {RequeueExitCode} ] && [ -n \"${{SLURM_JOB_ID:-}}\" ]; then scontrol requeue \"$SLURM_JOB_ID\"; fi\n");
        text.Append("(exit \"$rc\")\n");
    }

    private static void Epilogue(StringBuilder text)
    {
        text.Append("rc=$?\n");
        text.Append("job=\"${SLURM_ARRAY_JOB_ID:+${SLURM_ARRAY_JOB_ID}_${SLURM_ARRAY_TASK_ID}}\"\n");
        text.Append("printf '%s %s\\n' \"$rc\" \"${job:-${SLURM_JOB_ID:-}}\" > \"$exit_file.tmp\" && mv -f \"$exit_file.tmp\" \"$exit_file\"\n");
        text.Append("# Exit code 1 means the run finished and recorded its failed rows per row; the next stage still runs.\n");
        text.Append("[ \"$rc\" -eq 1 ] && exit 0\n");
        text.Append("exit \"$rc\"\n");
    }

    private static string Command(IReadOnlyList<string> dataforge, string subcommand, IEnumerable<string> args) =>
        string.Join(' ', dataforge.Append(subcommand).Concat(args).Select(Quote));
}
