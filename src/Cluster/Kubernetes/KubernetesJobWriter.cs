using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using DataForge.Cluster.Pipeline;
using DataForge.Cluster.Slurm;
using DataForge.Core.Errors;
using DataForge.Core.Partitioning;

namespace DataForge.Cluster.Kubernetes;

/// <summary>
/// Writes a pipeline as Kubernetes Jobs: an Indexed Job per array stage (completion index i is shard group i, and
/// <c>DATAFORGE_SHARD_COUNT</c> tells the worker the group count, which Kubernetes does not expose), a plain Job per
/// single stage and for the reduce step, and <c>apply.sh</c> that runs them in order. Kubernetes has no per-index
/// dependency, so stages run one after another; a failed index is retried <c>backoffLimitPerIndex</c> times and
/// done shards are never redone.
/// </summary>
public static class KubernetesJobWriter
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>Writes the manifests and <c>apply.sh</c>.</summary>
    /// <param name="spec">The pipeline.</param>
    /// <param name="selected">The stages to write.</param>
    /// <param name="directory">The output folder.</param>
    /// <returns>The files written, in apply order.</returns>
    public static IReadOnlyList<string> Write(PipelineSpec spec, IReadOnlyList<PipelineStageSpec> selected, string directory)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(selected);
        Directory.CreateDirectory(directory);
        var files = new List<string>();
        var ns = spec.Kubernetes.Namespace is { } n ? " --namespace " + SlurmScripts.Quote(n) : "";
        var apply = new StringBuilder("#!/bin/bash\n# Written by 'dataforge slurm submit --k8s': runs the stages in order, each after the previous completed.\nset -euo pipefail\ncd \"$(dirname \"$0\")\"\n");
        // 'kubectl wait --for=condition=complete' alone would wait for ever on a Job that failed: poll for either end.
        apply.Append(CultureInfo.InvariantCulture, $$"""
            wait_job() {
              local job="$1" conditions
              while true; do
                conditions=$(kubectl get{{ns}} "job/$job" -o jsonpath='{range .status.conditions[?(@.status=="True")]}{.type}{" "}{end}')
                case " $conditions " in
                  *" Complete "*) echo "job $job complete"; return 0 ;;
                  *" Failed "*) echo "job $job failed; later stages are not started (see: kubectl describe{{ns}} job/$job)" >&2; return 1 ;;
                esac
                sleep 10
              done
            }

            """);
        foreach (var (job, stage) in Jobs(spec, selected))
        {
            var name = job["metadata"]!["name"]!.GetValue<string>();
            var position = spec.Stages.FindIndex(s => s.Stage == stage);
            var file = Path.Combine(directory, $"{(position < 0 ? spec.Stages.Count : position).ToString("D2", CultureInfo.InvariantCulture)}-{stage}.job.json");
            File.WriteAllText(file, job.ToJsonString(Indented) + "\n");
            files.Add(file);
            apply.Append(CultureInfo.InvariantCulture, $"kubectl apply{ns} -f {SlurmScripts.Quote(Path.GetFileName(file))}\n");
            apply.Append(CultureInfo.InvariantCulture, $"wait_job {name}\n");
        }

        var script = Path.Combine(directory, "apply.sh");
        File.WriteAllText(script, apply.ToString());
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        }

        files.Add(script);
        return files;
    }

    /// <summary>Builds the Job objects, in apply order.</summary>
    /// <param name="spec">The pipeline.</param>
    /// <param name="selected">The stages.</param>
    /// <returns>Each Job with its stage name.</returns>
    public static IEnumerable<(JsonObject Job, string Stage)> Jobs(PipelineSpec spec, IReadOnlyList<PipelineStageSpec> selected)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(selected);
        foreach (var stage in selected)
        {
            var array = stage.Shape == StageShape.Array;
            var args = stage.TaskArgs;
            yield return (Job(spec, stage.Stage, array, [.. spec.Kubernetes.Command, stage.Stage, .. args], stage.Gpus, stage.CpusPerTask, stage.Mem), stage.Stage);
        }

        var steps = new List<IReadOnlyList<string>>();
        if (selected.FirstOrDefault(s => s.Stage == "nounstats") is { } nounstats)
        {
            steps.Add([.. spec.Kubernetes.Command, "nounstats", .. nounstats.Args]);
        }

        if (spec.ManifestDir is not null)
        {
            // In a pod, paths are the volume's, as in the stage arguments.
            steps.Add([.. spec.Kubernetes.Command, "manifest", "refresh", "--dir", spec.ManifestDir]);
        }

        if (steps.Count > 0)
        {
            IReadOnlyList<string> command = steps.Count == 1
                ? steps[0]
                : ["/bin/sh", "-c", string.Join(" && ", steps.Select(step => string.Join(' ', step.Select(SlurmScripts.Quote))))];
            yield return (Job(spec, SlurmScripts.ReduceStage, false, command, 0, null, null), SlurmScripts.ReduceStage);
        }
    }

    private static JsonObject Job(PipelineSpec spec, string stage, bool indexed, IReadOnlyList<string> command, int gpus, int? cpus, string? mem)
    {
        var k8s = spec.Kubernetes;
        var env = new JsonArray(spec.Environment.OrderBy(e => e.Key, StringComparer.Ordinal)
            .Select(e => (JsonNode)new JsonObject { ["name"] = e.Key, ["value"] = e.Value }).ToArray());
        if (indexed)
        {
            env.Add(new JsonObject { ["name"] = WorkPartition.ShardCountVariable, ["value"] = spec.ArrayTasks.ToString(CultureInfo.InvariantCulture) });
        }

        var limits = new JsonObject();
        if (gpus > 0)
        {
            limits[k8s.GpuResource] = gpus;
        }

        if (cpus is { } c)
        {
            limits["cpu"] = c.ToString(CultureInfo.InvariantCulture);
        }

        if (mem is not null)
        {
            limits["memory"] = mem.EndsWith('G') || mem.EndsWith('M') ? mem + "i" : mem; // Slurm's 32G is Kubernetes' 32Gi
        }

        var container = new JsonObject
        {
            ["name"] = stage,
            ["image"] = k8s.Image,
            ["command"] = new JsonArray(TaskCommand(command).Select(a => (JsonNode)JsonValue.Create(a)!).ToArray()),
            ["env"] = env,
            ["volumeMounts"] = new JsonArray(new JsonObject { ["name"] = "data", ["mountPath"] = k8s.MountPath }),
        };
        if (limits.Count > 0)
        {
            container["resources"] = new JsonObject { ["limits"] = limits };
        }

        var jobSpec = new JsonObject
        {
            ["template"] = new JsonObject
            {
                ["metadata"] = new JsonObject { ["labels"] = Labels(spec, stage) },
                ["spec"] = new JsonObject
                {
                    ["restartPolicy"] = "Never",
                    ["containers"] = new JsonArray(container),
                    ["volumes"] = new JsonArray(new JsonObject { ["name"] = "data", ["persistentVolumeClaim"] = new JsonObject { ["claimName"] = k8s.VolumeClaim } }),
                },
            },
        };
        if (indexed)
        {
            jobSpec["completionMode"] = "Indexed";
            jobSpec["completions"] = spec.ArrayTasks;
            jobSpec["parallelism"] = spec.MaxParallelTasks ?? spec.ArrayTasks;
            jobSpec["backoffLimitPerIndex"] = k8s.BackoffLimitPerIndex;
            jobSpec["maxFailedIndexes"] = k8s.EffectiveMaxFailedIndexes(spec.ArrayTasks);
        }
        else
        {
            jobSpec["backoffLimit"] = k8s.BackoffLimitPerIndex;
        }

        jobSpec["podFailurePolicy"] = FailurePolicy(stage, indexed);

        var metadata = new JsonObject { ["name"] = SlurmScripts.JobName(spec, stage), ["labels"] = Labels(spec, stage) };
        if (k8s.Namespace is not null)
        {
            metadata["namespace"] = k8s.Namespace;
        }

        return new JsonObject { ["apiVersion"] = "batch/v1", ["kind"] = "Job", ["metadata"] = metadata, ["spec"] = jobSpec };
    }

    // Exit 1 means "finished, failed rows recorded per row" and must count as success for the index, as the Slurm
    // scripts do; Kubernetes has no policy action that turns a failure into a success, so the shell maps it.
    private static IEnumerable<string> TaskCommand(IReadOnlyList<string> command) =>
        ["/bin/sh", "-c", "\"$@\"; rc=$?; [ \"$rc\" -eq 1 ] && exit 0; exit \"$rc\"", "dataforge-task", .. command];

    // A usage (2) or environment (3) error fails the same way on every retry: give the index (or job) up at once.
    // Pods evicted or pre-empted (DisruptionTarget) do not use up the retry budget.
    private static JsonObject FailurePolicy(string stage, bool indexed) => new()
    {
        ["rules"] = new JsonArray(
            new JsonObject
            {
                ["action"] = indexed ? "FailIndex" : "FailJob",
                ["onExitCodes"] = new JsonObject
                {
                    ["containerName"] = stage,
                    ["operator"] = "In",
                    ["values"] = new JsonArray(ExitCodes.Usage, ExitCodes.Environment),
                },
            },
            new JsonObject
            {
                ["action"] = "Ignore",
                ["onPodConditions"] = new JsonArray(new JsonObject { ["type"] = "DisruptionTarget" }),
            }),
    };

    private static JsonObject Labels(PipelineSpec spec, string stage) => new()
    {
        ["app.kubernetes.io/name"] = "dataforge",
        ["dataforge/pipeline"] = spec.Name,
        ["dataforge/stage"] = stage,
    };
}
