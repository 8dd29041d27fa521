using System.Text.Json.Serialization;

namespace DataForge.Core.Shards;

/// <summary>
/// The per-shard <c>NNNNN_stats.json</c>: img2dataset's fields (so its log readers keep working) plus DataForge's
/// stage, byte and timing details. Its presence is the shard's done-marker, so it is written last and atomically.
/// </summary>
public sealed class ShardStats
{
    /// <summary>Gets or sets the stage that wrote the shard (<c>ingest</c>, <c>caption</c>, …).</summary>
    [JsonPropertyName("stage")]
    public string Stage { get; set; } = "";

    /// <summary>Gets or sets the shard stem, e.g. <c>00000</c>.</summary>
    [JsonPropertyName("shard")]
    public string Shard { get; set; } = "";

    /// <summary>Gets or sets the number of rows in the shard.</summary>
    [JsonPropertyName("count")]
    public long Count { get; set; }

    /// <summary>Gets or sets the number of rows whose status is <see cref="RowStatus.Success"/>.</summary>
    [JsonPropertyName("successes")]
    public long Successes { get; set; }

    /// <summary>Gets or sets the number of rows that failed to download.</summary>
    [JsonPropertyName("failed_to_download")]
    public long FailedToDownload { get; set; }

    /// <summary>Gets or sets the number of rows that failed to decode, filter or resize.</summary>
    [JsonPropertyName("failed_to_resize")]
    public long FailedToResize { get; set; }

    /// <summary>Gets or sets the wall time spent on the shard, in seconds.</summary>
    [JsonPropertyName("duration")]
    public double Duration { get; set; }

    /// <summary>Gets or sets the start time as Unix epoch seconds.</summary>
    [JsonPropertyName("start_time")]
    public double StartTime { get; set; }

    /// <summary>Gets or sets the end time as Unix epoch seconds.</summary>
    [JsonPropertyName("end_time")]
    public double EndTime { get; set; }

    /// <summary>Gets or sets the histogram of statuses and error messages (<c>success</c> and each distinct error).</summary>
    [JsonPropertyName("status_dict")]
    public Dictionary<string, long> StatusDict { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Gets or sets the size of the shard's data file in bytes.</summary>
    [JsonPropertyName("bytes")]
    public long Bytes { get; set; }

    /// <summary>Gets or sets named timings in seconds (e.g. <c>download</c>, <c>resize</c>, <c>write</c>).</summary>
    [JsonPropertyName("timings")]
    public Dictionary<string, double> Timings { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Gets or sets stage-specific counters (e.g. <c>tokens</c>, <c>near_duplicates</c>).</summary>
    [JsonPropertyName("counters")]
    public Dictionary<string, long> Counters { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Gets or sets which input rows the shard holds (stages that plan shards from an input record it), or null.</summary>
    [JsonPropertyName("input")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ShardInput? Input { get; set; }

    /// <summary>
    /// Gets or sets the parameters of the stage run that wrote this shard (those that shape its content: model, prompt,
    /// image size, …), or null when the writer did not record them. A rerun that skips the shard leaves them as they
    /// were, so manifests can say what each shard was really made with.
    /// </summary>
    [JsonPropertyName("parameters")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public SortedDictionary<string, string?>? Parameters { get; set; }

    /// <summary>Counts one row's outcome, keeping img2dataset's split of failures into download and resize.</summary>
    /// <param name="status">The row's status.</param>
    /// <param name="errorMessage">The row's error message, used as the histogram key when it failed.</param>
    public void CountRow(string status, string? errorMessage)
    {
        Count++;
        switch (status)
        {
            case RowStatus.Success:
                Successes++;
                break;
            case RowStatus.FailedToDownload:
                FailedToDownload++;
                break;
            case RowStatus.FailedToResize:
                FailedToResize++;
                break;
        }

        var key = status == RowStatus.Success ? RowStatus.Success : errorMessage ?? status;
        // img2dataset caps the histogram at 100k distinct keys so one bad shard cannot bloat its marker.
        if (StatusDict.Count < 100_000 || StatusDict.ContainsKey(key))
        {
            StatusDict[key] = StatusDict.GetValueOrDefault(key) + 1;
        }
    }
}
