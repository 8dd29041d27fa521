namespace DataForge.Trainer.Features;

/// <summary>What a feature-extraction run did.</summary>
public sealed class FeatureExtractionSummary
{
    /// <summary>Gets or sets the feature shard folder.</summary>
    public string OutputDirectory { get; set; } = "";

    /// <summary>Gets or sets the shards written in this run.</summary>
    public int ShardsWritten { get; set; }

    /// <summary>Gets or sets the shards skipped because they were already done.</summary>
    public int ShardsAlreadyDone { get; set; }

    /// <summary>Gets or sets the rows seen.</summary>
    public long Rows { get; set; }

    /// <summary>Gets or sets the rows with features.</summary>
    public long Extracted { get; set; }

    /// <summary>Gets or sets the rows skipped because an earlier stage failed them.</summary>
    public long Skipped { get; set; }

    /// <summary>Gets or sets the rows whose image could not be decoded.</summary>
    public long Failed { get; set; }

    /// <summary>Gets or sets the rows with features whose caption had more tokens than the run keeps (cut to fit).</summary>
    public long Truncated { get; set; }

    /// <summary>Gets or sets the feature manifest written at the end of the run.</summary>
    public string? ManifestPath { get; set; }
}
