namespace DataForge.NounStats.Inputs;

/// <summary>The kind of a caption input.</summary>
public enum CaptionInputKind
{
    /// <summary>Decided from the path: a folder is a shard folder; <c>.parquet</c>, <c>.jsonl</c>/<c>.json</c>, otherwise text.</summary>
    Auto,

    /// <summary>A shard folder: <c>NNNNN.parquet</c> files, read only where the <c>NNNNN_stats.json</c> done-marker exists.</summary>
    ShardFolder,

    /// <summary>One Parquet file; the caption column is named by <see cref="CaptionInput.Column"/>.</summary>
    Parquet,

    /// <summary>JSON Lines; the caption field is named by <see cref="CaptionInput.Column"/>.</summary>
    Jsonl,

    /// <summary>Plain text, one caption per line.</summary>
    Text,
}
