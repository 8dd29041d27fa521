using DataForge.Core.Errors;

namespace DataForge.Ingest;

/// <summary>Near-duplicate removal by perceptual hash: duplicates stay as rows, marked <c>filtered</c> with the reason.</summary>
public sealed class NearDuplicateOptions
{
    /// <summary>Gets or sets whether near-duplicates are marked (<c>--dedup</c>).</summary>
    /// <value>The default value is <see langword="false"/>.</value>
    public bool Enabled { get; set; }

    /// <summary>Gets or sets the largest Hamming distance between 64-bit pHashes that counts as a duplicate (<c>--dedup-distance</c>).</summary>
    /// <value>The default value is <see cref="IngestConstants.DefaultNearDuplicateDistance"/> (22).</value>
    public int MaxHammingDistance { get; set; } = IngestConstants.DefaultNearDuplicateDistance;

    /// <summary>
    /// Gets or sets the largest colour-histogram L1 distance (0–2) that still counts as a duplicate; both limits must
    /// hold, because a 64-bit pHash alone confuses neighbouring video frames with unrelated photos (<c>--dedup-color-distance</c>).
    /// </summary>
    /// <value>The default value is <see cref="IngestConstants.DefaultNearDuplicateColorDistance"/> (0.25).</value>
    public double MaxColorDistance { get; set; } = IngestConstants.DefaultNearDuplicateColorDistance;

    /// <summary>
    /// Gets or sets whether duplicates are also looked for in other shards of the output folder (done shards from
    /// earlier runs included); otherwise only within a shard (<c>--dedup-across-shards</c>).
    /// </summary>
    /// <value>The default value is <see langword="true"/>.</value>
    public bool AcrossShards { get; set; } = true;

    /// <summary>Validates the options.</summary>
    /// <exception cref="OptionsValidationException">A value is out of range.</exception>
    public void Validate()
    {
        if (MaxHammingDistance is < 0 or > 32)
        {
            throw new OptionsValidationException("--dedup-distance", $"must be within 0..32, got {MaxHammingDistance}");
        }

        if (double.IsNaN(MaxColorDistance) || MaxColorDistance is < 0 or > 2)
        {
            throw new OptionsValidationException("--dedup-color-distance", $"must be within 0..2, got {MaxColorDistance}");
        }
    }
}
