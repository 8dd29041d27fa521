namespace DataForge.Cluster.Pipeline;

/// <summary>How a stage is spread over a cluster.</summary>
public enum StageShape
{
    /// <summary>One task per shard group: the stage partitions its shards by worker index (ingest, caption, extract-features, nounstats map).</summary>
    Array,

    /// <summary>One job: the stage reads everything at once (train, sample).</summary>
    Single,
}
