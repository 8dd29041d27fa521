using System.Text.Json.Serialization;

namespace DataForge.Ingest;

/// <summary>What an ingest run did, also written to <c>ingest_summary.json</c> in the output folder.</summary>
public sealed class IngestSummary
{
    /// <summary>Gets or sets the rows written in this run (all statuses).</summary>
    [JsonPropertyName("rows")]
    public long Rows { get; set; }

    /// <summary>Gets or sets the rows written with status <c>success</c>.</summary>
    [JsonPropertyName("successes")]
    public long Successes { get; set; }

    /// <summary>Gets or sets the row count per status (<c>success</c>, <c>failed_to_download</c>, …).</summary>
    [JsonPropertyName("status_counts")]
    public SortedDictionary<string, long> StatusCounts { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Gets or sets the row count per distinct error message (the most frequent 50).</summary>
    [JsonPropertyName("top_errors")]
    public Dictionary<string, long> TopErrors { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Gets or sets the shard files written in this run, in shard order.</summary>
    [JsonPropertyName("shards_written")]
    public List<string> ShardPaths { get; set; } = [];

    /// <summary>Gets or sets the number of shards skipped because an earlier run finished them.</summary>
    [JsonPropertyName("shards_skipped")]
    public int ShardsSkipped { get; set; }

    /// <summary>Gets or sets the shards that failed as a whole.</summary>
    [JsonPropertyName("failed_shards")]
    public List<IngestShardFailure> FailedShards { get; set; } = [];

    /// <summary>Gets or sets the wall time of the run in seconds.</summary>
    [JsonPropertyName("duration_seconds")]
    public double DurationSeconds { get; set; }

    /// <summary>Gets or sets the manifest written for the output folder.</summary>
    [JsonPropertyName("manifest_path")]
    public string? ManifestPath { get; set; }

    /// <summary>Gets or sets the output folder.</summary>
    [JsonPropertyName("output_directory")]
    public string OutputDirectory { get; set; } = "";

    /// <summary>Gets the rows per second over the run.</summary>
    [JsonPropertyName("rows_per_second")]
    public double RowsPerSecond => DurationSeconds > 0 ? Rows / DurationSeconds : 0;
}
