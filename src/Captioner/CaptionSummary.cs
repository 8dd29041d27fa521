namespace DataForge.Captioner;

/// <summary>What a caption run did.</summary>
public sealed class CaptionSummary
{
    /// <summary>Gets or sets the output folder.</summary>
    public string OutputDirectory { get; set; } = "";

    /// <summary>Gets or sets the manifest written, if any.</summary>
    public string? ManifestPath { get; set; }

    /// <summary>Gets or sets the shards this worker owns.</summary>
    public int ShardsOwned { get; set; }

    /// <summary>Gets or sets the shards captioned in this run.</summary>
    public int ShardsCaptioned { get; set; }

    /// <summary>Gets or sets the shards already done and left alone.</summary>
    public int ShardsAlreadyDone { get; set; }

    /// <summary>Gets or sets the rows read in this run.</summary>
    public long Rows { get; set; }

    /// <summary>Gets or sets the rows captioned successfully.</summary>
    public long Captioned { get; set; }

    /// <summary>Gets or sets the rows that failed (undecodable image, generation error).</summary>
    public long Failed { get; set; }

    /// <summary>Gets or sets the rows skipped because ingest had failed them.</summary>
    public long Skipped { get; set; }

    /// <summary>Gets or sets the tokens generated.</summary>
    public long Tokens { get; set; }

    /// <summary>Gets or sets how often the batch size was halved after an allocation failure.</summary>
    public int BatchHalvings { get; set; }

    /// <summary>Gets or sets whether the model ran on CUDA.</summary>
    public bool UsedCuda { get; set; }
}
