using DataForge.Core.Manifests;

namespace DataForge.Core.Tests.Manifests;

public sealed class ShardParameterReconcilerTests
{
    private static ManifestShard Shard(string name, string? prompt) =>
        new() { Name = name, Parameters = prompt is null ? null : new(StringComparer.Ordinal) { ["prompt"] = prompt, ["model"] = "tiny" } };

    [Fact]
    public void Reconcile_RerunSkippedShardsMadeWithAnotherPrompt_StageSaysWhatTheShardsHold()
    {
        // Given two shards captioned with prompt "a", one with "b", and a run whose own prompt is "c"
        var stage = new ManifestStage { Parameters = { ["prompt"] = "c", ["model"] = "tiny", ["batch_size"] = "8" } };
        List<ManifestShard> shards = [Shard("00000.parquet", "a"), Shard("00001.parquet", "b"), Shard("00002.parquet", "a")];

        // When reconciled
        ShardParameterReconciler.Reconcile(stage, shards);

        // Then the stage names the prompt most shards hold, only the odd shard carries its own, and what no shard records stays
        Assert.Equal("a", stage.Parameters["prompt"]);
        Assert.Equal("8", stage.Parameters["batch_size"]);
        Assert.Null(shards[0].Parameters);
        Assert.Equal(new SortedDictionary<string, string?> { ["prompt"] = "b" }, shards[1].Parameters);
        Assert.Null(shards[2].Parameters);
    }

    [Fact]
    public void Reconcile_ShardsWithoutRecordedParameters_KeepTheRunsValues()
    {
        var stage = new ManifestStage { Parameters = { ["prompt"] = "c" } };
        List<ManifestShard> shards = [Shard("00000.parquet", null)];

        ShardParameterReconciler.Reconcile(stage, shards);

        Assert.Equal("c", stage.Parameters["prompt"]);
        Assert.Null(shards[0].Parameters);
    }

    [Fact]
    public void Differences_NamesTheParameterBothValuesAndHowManyShards()
    {
        List<ManifestShard> shards = [Shard("00000.parquet", "a"), Shard("00001.parquet", "a"), Shard("00002.parquet", "c")];

        var differences = ShardParameterReconciler.Differences(new Dictionary<string, string?> { ["prompt"] = "c", ["model"] = "tiny" }, shards);

        Assert.Equal(["prompt: 'a' in 2 shards, this run 'c'"], differences);
    }
}
