using DataForge.Core.Errors;
using DataForge.Core.Partitioning;

namespace DataForge.Core.Options;

/// <summary>
/// Settings every stage shares: where output goes, which shards this worker owns, how existing output is
/// treated, how much parallelism to use and the seed. Each stage's options object holds one of these.
/// </summary>
public sealed class StageRunOptions
{
    /// <summary>Gets or sets the output folder for the stage's shards.</summary>
    /// <value>The default value is <c>./output</c>.</value>
    public string OutputDirectory { get; set; } = "output";

    /// <summary>Gets or sets this worker's index for multi-worker runs (<c>--shard-index</c>).</summary>
    /// <value>The default value is <see langword="null"/>: taken from Slurm/Kubernetes variables, else 0.</value>
    public int? ShardIndex { get; set; }

    /// <summary>Gets or sets the number of workers (<c>--shard-count</c>).</summary>
    /// <value>The default value is <see langword="null"/>: taken from Slurm/Kubernetes variables, else 1.</value>
    public int? ShardCount { get; set; }

    /// <summary>Gets or sets how existing output is treated.</summary>
    /// <value>The default value is <see cref="IncrementalMode.Incremental"/>.</value>
    public IncrementalMode Incremental { get; set; } = IncrementalMode.Incremental;

    /// <summary>Gets or sets the number of worker threads.</summary>
    /// <value>The default value is the processor count.</value>
    public int Parallelism { get; set; } = Environment.ProcessorCount;

    /// <summary>Gets or sets the random seed for anything stochastic in the stage.</summary>
    /// <value>The default value is 0.</value>
    public int Seed { get; set; }

    /// <summary>Gets or sets the folder manifests are written to.</summary>
    /// <value>The default value is <c>data-manifests</c>.</value>
    public string ManifestDirectory { get; set; } = "data-manifests";

    /// <summary>Resolves the worker partition from the options and the environment.</summary>
    /// <returns>The partition.</returns>
    public WorkPartition ResolvePartition() => WorkPartition.Resolve(ShardIndex, ShardCount);

    /// <summary>Validates the options once, before a stage starts.</summary>
    /// <exception cref="OptionsValidationException">A value is out of range.</exception>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(OutputDirectory))
        {
            throw new OptionsValidationException("--output", "must not be empty");
        }

        if (Parallelism < 1)
        {
            throw new OptionsValidationException("--parallelism", $"must be at least 1, got {Parallelism}");
        }

        _ = ResolvePartition();
    }
}
