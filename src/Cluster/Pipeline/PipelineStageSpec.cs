using System.Text.Json.Serialization;
using DataForge.Core.Errors;

namespace DataForge.Cluster.Pipeline;

/// <summary>One stage of a cluster pipeline: a <c>dataforge</c> subcommand with its arguments and resources.</summary>
public sealed class PipelineStageSpec
{
    /// <summary>The <c>dataforge</c> subcommands that partition their shards by worker and so run as arrays.</summary>
    public static readonly IReadOnlySet<string> ArrayStages = new HashSet<string>(StringComparer.Ordinal) { "ingest", "caption", "extract-features", "nounstats" };

    /// <summary>The <c>dataforge</c> subcommands that run as one job.</summary>
    public static readonly IReadOnlySet<string> SingleStages = new HashSet<string>(StringComparer.Ordinal) { "train", "sample" };

    /// <summary>The stages that want a GPU unless <see cref="Gres"/> says otherwise.</summary>
    public static readonly IReadOnlySet<string> GpuStages = new HashSet<string>(StringComparer.Ordinal) { "caption", "train", "sample" };

    /// <summary>Gets or sets the <c>dataforge</c> subcommand, e.g. <c>caption</c>.</summary>
    public string Stage { get; set; } = "";

    /// <summary>Gets or sets the subcommand's arguments, exactly as on the command line.</summary>
    public List<string> Args { get; set; } = [];

    /// <summary>Gets or sets <c>--cpus-per-task</c>.</summary>
    /// <value>The default value is <see langword="null"/>: the cluster's default.</value>
    public int? CpusPerTask { get; set; }

    /// <summary>Gets or sets <c>--mem</c>, e.g. <c>32G</c>.</summary>
    public string? Mem { get; set; }

    /// <summary>Gets or sets <c>--time</c>, e.g. <c>12:00:00</c>.</summary>
    public string? Time { get; set; }

    /// <summary>Gets or sets <c>--gres</c>; an empty string asks for none.</summary>
    /// <value>The default value is <see langword="null"/>: <c>gpu:1</c> for caption, train and sample, none otherwise.</value>
    public string? Gres { get; set; }

    /// <summary>Gets or sets the Slurm partition of this stage, overriding the pipeline's.</summary>
    public string? Partition { get; set; }

    /// <summary>Gets or sets further <c>#SBATCH</c> options, e.g. <c>--constraint=a100</c>.</summary>
    public List<string> ExtraSbatch { get; set; } = [];

    /// <summary>Gets the arguments each task runs with: <see cref="Args"/>, plus <c>--map-only</c> for nounstats, whose tasks write partials that the reduce job merges.</summary>
    [JsonIgnore]
    public IReadOnlyList<string> TaskArgs => Stage == "nounstats" ? [.. Args, "--map-only"] : Args;

    /// <summary>Gets how the stage runs on a cluster.</summary>
    [JsonIgnore]
    public StageShape Shape => ArrayStages.Contains(Stage) ? StageShape.Array : StageShape.Single;

    /// <summary>Gets the generic resource request in effect, or <see langword="null"/> for none.</summary>
    [JsonIgnore]
    public string? EffectiveGres => Gres switch
    {
        null => GpuStages.Contains(Stage) ? "gpu:1" : null,
        "" => null,
        _ => Gres,
    };

    /// <summary>Gets the number of GPUs <see cref="EffectiveGres"/> asks for (for Kubernetes limits).</summary>
    [JsonIgnore]
    public int Gpus => EffectiveGres is { } gres && gres.StartsWith("gpu", StringComparison.Ordinal)
        ? (int.TryParse(gres[(gres.LastIndexOf(':') + 1)..], out var n) ? n : 1)
        : 0;

    /// <summary>Checks the stage.</summary>
    /// <param name="position">The stage's position, for messages.</param>
    /// <exception cref="OptionsValidationException">The stage is unknown or its arguments clash with the pipeline.</exception>
    public void Validate(int position)
    {
        if (!ArrayStages.Contains(Stage) && !SingleStages.Contains(Stage))
        {
            throw new OptionsValidationException($"stages[{position}].stage", $"'{Stage}' is not a stage; use one of {string.Join(", ", ArrayStages.Concat(SingleStages))}");
        }

        // The pipeline owns the partition (one task per shard group); a fixed one would make every task do the same work.
        var clash = Args.FirstOrDefault(a => a is "--shard-index" or "--shard-count" or "--map-only");
        if (clash is not null)
        {
            throw new OptionsValidationException($"stages[{position}].args", $"{Stage}: remove {clash}; the pipeline sets each task's partition");
        }

        if (CpusPerTask is < 1)
        {
            throw new OptionsValidationException($"stages[{position}].cpus_per_task", $"must be at least 1, got {CpusPerTask}");
        }
    }
}
