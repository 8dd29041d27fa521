using DataForge.Ingest.Inputs;

namespace DataForge.Ingest.Output;

/// <summary>The input rows planned for one shard.</summary>
/// <param name="ShardId">The shard id.</param>
/// <param name="FirstRow">The index of the first row within the plan's input (0 in retry-failed mode, where shards mirror earlier ones).</param>
/// <param name="Records">The rows, in order.</param>
internal sealed record ShardBatch(int ShardId, long FirstRow, List<InputRecord> Records);
