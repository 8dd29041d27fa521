using DataForge.Core.Errors;
using DataForge.Core.Partitioning;

namespace DataForge.Core.Tests.Partitioning;

public sealed class WorkPartitionTests
{
    private static Func<string, string?> Env(params (string Key, string Value)[] vars) =>
        name => vars.FirstOrDefault(v => v.Key == name).Value;

    [Fact]
    public void Resolve_NothingSet_IsSingleWorker() => Assert.Equal(WorkPartition.Single, WorkPartition.Resolve(null, null, Env()));

    [Fact]
    public void Resolve_ExplicitBeatsSlurm() =>
        Assert.Equal(new WorkPartition(1, 4), WorkPartition.Resolve(1, 4, Env(("SLURM_ARRAY_TASK_ID", "3"), ("SLURM_ARRAY_TASK_COUNT", "8"))));

    [Fact]
    public void Resolve_SlurmArrayFromOne_MapsMinimumToWorkerZero() =>
        Assert.Equal(new WorkPartition(0, 8), WorkPartition.Resolve(null, null, Env(("SLURM_ARRAY_TASK_ID", "1"), ("SLURM_ARRAY_TASK_COUNT", "8"), ("SLURM_ARRAY_TASK_MIN", "1"))));

    [Fact]
    public void Resolve_SlurmRetryArray_UsesDeclaredCountNotTheArraysOwn() =>
        // A retry of tasks 2 and 5 of 8: Slurm says count 2, min 2; the worker is still 5 of 8.
        Assert.Equal(new WorkPartition(5, 8), WorkPartition.Resolve(null, null, Env(("SLURM_ARRAY_TASK_ID", "5"), ("SLURM_ARRAY_TASK_COUNT", "2"), ("SLURM_ARRAY_TASK_MIN", "2"), ("DATAFORGE_SHARD_COUNT", "8"))));

    [Fact]
    public void Resolve_KubernetesIndexedJob_NeedsCount()
    {
        Assert.Equal(new WorkPartition(2, 3), WorkPartition.Resolve(null, null, Env(("JOB_COMPLETION_INDEX", "2"), ("DATAFORGE_SHARD_COUNT", "3"))));
        Assert.Throws<OptionsValidationException>(() => WorkPartition.Resolve(null, null, Env(("JOB_COMPLETION_INDEX", "2"))));
    }

    [Theory]
    [InlineData(4, 4)]
    [InlineData(-1, 4)]
    [InlineData(0, 0)]
    public void Resolve_OutOfRange_Throws(int index, int count) =>
        Assert.Throws<OptionsValidationException>(() => WorkPartition.Resolve(index, count, Env()));

    [Fact]
    public void Resolve_OnlyOneOfIndexAndCount_Throws() =>
        Assert.Throws<OptionsValidationException>(() => WorkPartition.Resolve(1, null, Env()));

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(7)]
    public void Select_WorkersCoverEveryShardExactlyOnce(int workers)
    {
        var shards = Enumerable.Range(0, 50).ToArray();
        var owned = Enumerable.Range(0, workers).SelectMany(w => new WorkPartition(w, workers).Select(shards)).Order().ToArray();
        Assert.Equal(shards, owned);
    }
}
