using System.Globalization;
using DataForge.Core.Errors;

namespace DataForge.Core.Partitioning;

/// <summary>
/// Which shards one worker owns when a stage is spread over many processes: worker <see cref="Index"/> of
/// <see cref="Count"/> owns every shard id with <c>id % Count == Index</c>. Round-robin keeps workers balanced when
/// shards are numbered densely, and needs no coordination: each worker decides on its own.
/// </summary>
/// <param name="Index">This worker's index, 0-based.</param>
/// <param name="Count">Number of workers.</param>
public sealed record WorkPartition(int Index, int Count)
{
    /// <summary>
    /// The environment variable a scheduler sets to declare the number of workers: Kubernetes does not expose an
    /// Indexed Job's completion count, and a Slurm retry array's own count is not the partition's.
    /// </summary>
    public const string ShardCountVariable = "DATAFORGE_SHARD_COUNT";

    /// <summary>The partition of a lone worker: it owns everything.</summary>
    public static readonly WorkPartition Single = new(0, 1);

    /// <summary>Returns whether this worker owns a shard.</summary>
    /// <param name="shardId">Shard id.</param>
    /// <returns><see langword="true"/> when owned.</returns>
    public bool Owns(int shardId) => shardId % Count == Index;

    /// <summary>Filters shard ids down to the ones this worker owns.</summary>
    /// <param name="shardIds">All shard ids.</param>
    /// <returns>The owned ids, in input order.</returns>
    public IEnumerable<int> Select(IEnumerable<int> shardIds) => shardIds.Where(Owns);

    /// <summary>
    /// Resolves the partition: explicit <c>--shard-index/--shard-count</c> win; otherwise Slurm job arrays
    /// (<c>SLURM_ARRAY_TASK_ID</c> with <c>DATAFORGE_SHARD_COUNT</c> when the submitter declared it, as
    /// <c>dataforge slurm</c> does; else offset by <c>SLURM_ARRAY_TASK_MIN</c> with <c>SLURM_ARRAY_TASK_COUNT</c>), then Kubernetes
    /// Indexed Jobs (<c>JOB_COMPLETION_INDEX</c> with <c>DATAFORGE_SHARD_COUNT</c>, since Kubernetes does not expose
    /// the completion count), else <see cref="Single"/>.
    /// </summary>
    /// <param name="shardIndex">Explicit index, or <see langword="null"/>.</param>
    /// <param name="shardCount">Explicit count, or <see langword="null"/>.</param>
    /// <param name="environment">Environment lookup; defaults to the process environment.</param>
    /// <returns>The partition.</returns>
    /// <exception cref="OptionsValidationException">The values are inconsistent.</exception>
    public static WorkPartition Resolve(int? shardIndex, int? shardCount, Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        if (shardIndex is not null || shardCount is not null)
        {
            if (shardIndex is null || shardCount is null)
            {
                throw new OptionsValidationException("--shard-index/--shard-count", "give both or neither");
            }

            return Validated(shardIndex.Value, shardCount.Value, "--shard-index/--shard-count");
        }

        var slurmId = ReadInt(environment, "SLURM_ARRAY_TASK_ID");
        var declaredCount = ReadInt(environment, ShardCountVariable);
        if (slurmId is not null && declaredCount is not null)
        {
            // A retry array holds only the failed task ids (--array=2,5), so Slurm's own count and minimum no longer
            // describe the partition; the submitter declares the count and the task id is the worker index.
            return Validated(slurmId.Value, declaredCount.Value, $"SLURM_ARRAY_TASK_ID/{ShardCountVariable}");
        }

        var slurmCount = ReadInt(environment, "SLURM_ARRAY_TASK_COUNT");
        if (slurmId is not null && slurmCount is not null)
        {
            // Arrays may be numbered from 1 (--array=1-8); the minimum maps to worker 0.
            var min = ReadInt(environment, "SLURM_ARRAY_TASK_MIN") ?? 0;
            return Validated(slurmId.Value - min, slurmCount.Value, "SLURM_ARRAY_TASK_ID/SLURM_ARRAY_TASK_COUNT");
        }

        var k8sIndex = ReadInt(environment, "JOB_COMPLETION_INDEX");
        if (k8sIndex is not null)
        {
            var count = declaredCount
                ?? throw new OptionsValidationException(ShardCountVariable, "JOB_COMPLETION_INDEX is set, so the worker count must be set too");
            return Validated(k8sIndex.Value, count, $"JOB_COMPLETION_INDEX/{ShardCountVariable}");
        }

        return Single;
    }

    private static WorkPartition Validated(int index, int count, string source)
    {
        if (count < 1)
        {
            throw new OptionsValidationException(source, $"worker count must be at least 1, got {count}");
        }

        if (index < 0 || index >= count)
        {
            throw new OptionsValidationException(source, $"worker index {index} is outside 0..{count - 1}");
        }

        return new WorkPartition(index, count);
    }

    private static int? ReadInt(Func<string, string?> environment, string name)
    {
        var text = environment(name);
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new OptionsValidationException(name, $"'{text}' is not an integer");
    }
}
