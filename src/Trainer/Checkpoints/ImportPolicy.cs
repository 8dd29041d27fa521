namespace DataForge.Trainer.Checkpoints;

/// <summary>How strictly imported weights must cover the model.</summary>
public enum ImportPolicy
{
    /// <summary>Every parameter and buffer comes from the file (sampling, export); only <c>pos_embed</c>, which is recomputed, may be dropped.</summary>
    Exact,

    /// <summary>
    /// A new training stage from an earlier one (256 → 512 → 1024-MS): as <see cref="Exact"/>, except that the MS
    /// size/aspect embedders an earlier stage lacks, and a null caption a diffusers folder lacks, keep their fresh
    /// initialisation, as the official code's non-strict load does. They are listed in the report.
    /// </summary>
    StageStart,
}
