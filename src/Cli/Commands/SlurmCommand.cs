using System.CommandLine;
using DataForge.Cli.Common;
using DataForge.Cluster.Kubernetes;
using DataForge.Cluster.Pipeline;
using DataForge.Cluster.Slurm;
using DataForge.Core.Errors;

namespace DataForge.Cli.Commands;

/// <summary>
/// <c>dataforge slurm submit|status|retry</c>: run a pipeline spec on a Slurm cluster as chained job arrays, or write
/// it as Kubernetes Indexed Jobs.
/// </summary>
public static class SlurmCommand
{
    /// <summary>Creates the command.</summary>
    /// <param name="context">CLI context.</param>
    /// <returns>The command.</returns>
    public static Command Create(CliContext context) =>
        new("slurm", "Run a pipeline (pipeline.json) on Slurm: one job array per stage, task i of each stage after task i of the previous, then a reduce job.")
        {
            CreateSubmit(context), CreateStatus(context), CreateRetry(context),
        };

    /// <summary>Gets the command that runs this very <c>dataforge</c> on the compute nodes (a shared file system is assumed).</summary>
    /// <returns>The apphost, or <c>dotnet dataforge.dll</c> when running through the muxer.</returns>
    public static IReadOnlyList<string> CurrentDataforge()
    {
        var process = Environment.ProcessPath ?? "dataforge";
        var dll = Path.Combine(AppContext.BaseDirectory, "dataforge.dll");
        return Path.GetFileNameWithoutExtension(process) == "dataforge" ? [process] : [process, dll];
    }

    private static Option<string> PipelineOption() => new("--pipeline", "-p") { Description = "The pipeline spec (JSON).", Required = true };

    private static Command CreateSubmit(CliContext context)
    {
        var pipeline = PipelineOption();
        var stages = new Argument<string[]>("stage") { Description = "Stages of the pipeline to submit (default: all).", Arity = ArgumentArity.ZeroOrMore };
        var dryRun = new Option<bool>("--dry-run") { Description = "Print the sbatch scripts and commands; submit nothing." };
        var k8s = new Option<bool>("--k8s") { Description = "Write Kubernetes Indexed Job manifests and apply.sh instead of submitting to Slurm." };
        var k8sOut = new Option<string?>("--k8s-output") { Description = "Folder for --k8s (default: WORK_DIR/k8s)." };
        var command = new Command("submit", "Write and submit the sbatch scripts: arrays chained with aftercorr, a final reduce job, requeue on node failure.") { stages, pipeline, dryRun, k8s, k8sOut };
        command.SetAction(async (parse, ct) =>
        {
            var options = new SlurmSubmitOptions
            {
                PipelineFile = parse.GetValue(pipeline)!,
                Stages = [.. parse.GetValue(stages) ?? []],
                DryRun = parse.GetValue(dryRun),
                Kubernetes = parse.GetValue(k8s),
                KubernetesOutput = parse.GetValue(k8sOut),
            };
            var spec = PipelineSpec.Load(options.PipelineFile);
            PipelineArgumentsCheck.Check(parse.RootCommandResult.Command, spec.Select(options.Stages));
            if (options.Kubernetes)
            {
                var folder = options.KubernetesOutput ?? Path.Combine(spec.WorkDirectory, "k8s");
                foreach (var file in KubernetesJobWriter.Write(spec, spec.Select(options.Stages), folder))
                {
                    await context.Output.WriteLineAsync(file).ConfigureAwait(false);
                }

                return ExitCodes.Ok;
            }

            var submitter = new SlurmPipelineSubmitter(new SlurmCommandLine(), CurrentDataforge());
            await submitter.SubmitAsync(spec, options.Stages, options.DryRun, context.Output, ct).ConfigureAwait(false);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command CreateStatus(CliContext context)
    {
        var defaults = new SlurmStatusOptions();
        var pipeline = PipelineOption();
        var wait = new Option<bool>("--wait") { Description = "Wait until nothing is pending or running; exit 1 if any task failed." };
        var poll = new Option<double>("--poll-seconds") { Description = "How often --wait asks Slurm.", DefaultValueFactory = _ => defaults.PollSeconds };
        var timeout = new Option<double>("--timeout-minutes") { Description = "Give up waiting after this long (0: never).", DefaultValueFactory = _ => defaults.TimeoutMinutes };
        var command = new Command("status", "Per stage: pending, running, done, failed (with exit codes and logs), from squeue, scontrol and the tasks' exit records.") { pipeline, wait, poll, timeout };
        command.SetAction(async (parse, ct) =>
        {
            var options = new SlurmStatusOptions
            {
                PipelineFile = parse.GetValue(pipeline)!,
                Wait = parse.GetValue(wait),
                PollSeconds = parse.GetValue(poll),
                TimeoutMinutes = parse.GetValue(timeout),
            };
            var status = await new SlurmPipelineMonitor(new SlurmCommandLine()).ReadAsync(options, ct).ConfigureAwait(false);
            await context.Output.WriteAsync(SlurmPipelineMonitor.Describe(status, PipelineSpec.Load(options.PipelineFile).WorkDirectory)).ConfigureAwait(false);
            return status.IsSettled && !status.IsDone ? ExitCodes.FailedRows : ExitCodes.Ok;
        });
        return command;
    }

    private static Command CreateRetry(CliContext context)
    {
        var pipeline = PipelineOption();
        var dryRun = new Option<bool>("--dry-run") { Description = "Print what would be resubmitted." };
        var command = new Command("retry", "Resubmit only the tasks that failed or never ran, with their downstream tasks and the reduce job; done shards are never redone.") { pipeline, dryRun };
        command.SetAction(async (parse, ct) =>
        {
            var spec = PipelineSpec.Load(parse.GetValue(pipeline)!);
            PipelineArgumentsCheck.Check(parse.RootCommandResult.Command, spec.Stages);
            var submitter = new SlurmPipelineSubmitter(new SlurmCommandLine(), CurrentDataforge());
            await submitter.RetryAsync(spec, parse.GetValue(dryRun), context.Output, ct).ConfigureAwait(false);
            return ExitCodes.Ok;
        });
        return command;
    }
}
