namespace DataForge.Ingest;

/// <summary>A shard that could not be completed; the run went on with the other shards and a later run redoes this one.</summary>
/// <param name="ShardId">The shard id.</param>
/// <param name="Message">What went wrong.</param>
public sealed record IngestShardFailure(int ShardId, string Message);
