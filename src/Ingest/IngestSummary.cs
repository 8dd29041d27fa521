using System.Text.Json.Serialization;

namespace DataForge.Ingest;

/// <summary>
/// The dataset an ingest output folder holds, over every finished shard, written to <c>ingest_summary.json</c> after
/// each run (so a rerun that had nothing to do leaves the same figures, never zeros), plus what this one invocation
/// did, which is returned and logged but not written: with several workers on one folder, "this run" is one worker's.
/// </summary>
public sealed class IngestSummary
{
    /// <summary>Gets or sets the rows in the folder's finished shards (all statuses).</summary>
    [JsonPropertyName("rows")]
    public long Rows { get; set; }

    /// <summary>Gets or sets the rows in finished shards with status <c>success</c>.</summary>
    [JsonPropertyName("successes")]
    public long Successes { get; set; }

    /// <summary>Gets or sets the row count per status (<c>success</c>, <c>failed_to_download</c>, …) over finished shards.</summary>
    [JsonPropertyName("status_counts")]
    public SortedDictionary<string, long> StatusCounts { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Gets or sets the row count per distinct error message over finished shards (the most frequent 50).</summary>
    [JsonPropertyName("top_errors")]
    public Dictionary<string, long> TopErrors { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Gets or sets the number of finished shards in the folder.</summary>
    [JsonPropertyName("shards")]
    public int Shards { get; set; }

    /// <summary>Gets or sets the manifest written for the output folder.</summary>
    [JsonPropertyName("manifest_path")]
    public string? ManifestPath { get; set; }

    /// <summary>Gets or sets the output folder.</summary>
    [JsonPropertyName("output_directory")]
    public string OutputDirectory { get; set; } = "";

    /// <summary>Gets or sets when the summary was last written.</summary>
    [JsonPropertyName("updated_at")]
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>Gets or sets the rows this invocation wrote (all statuses).</summary>
    [JsonIgnore]
    public long RunRows { get; set; }

    /// <summary>Gets or sets the rows this invocation wrote with status <c>success</c>.</summary>
    [JsonIgnore]
    public long RunSuccesses { get; set; }

    /// <summary>Gets or sets the shard files this invocation wrote, in shard order.</summary>
    [JsonIgnore]
    public List<string> ShardPaths { get; set; } = [];

    /// <summary>Gets or sets the number of shards this invocation skipped because they were already finished.</summary>
    [JsonIgnore]
    public int ShardsSkipped { get; set; }

    /// <summary>Gets or sets the number of shards this invocation left to another live worker that held them.</summary>
    [JsonIgnore]
    public int ShardsHeldElsewhere { get; set; }

    /// <summary>Gets or sets the shards that failed as a whole in this invocation (the next run redoes them).</summary>
    [JsonIgnore]
    public List<IngestShardFailure> FailedShards { get; set; } = [];

    /// <summary>Gets or sets the wall time of this invocation in seconds.</summary>
    [JsonIgnore]
    public double DurationSeconds { get; set; }

    /// <summary>Gets this invocation's rows per second.</summary>
    [JsonIgnore]
    public double RowsPerSecond => DurationSeconds > 0 ? RunRows / DurationSeconds : 0;
}
