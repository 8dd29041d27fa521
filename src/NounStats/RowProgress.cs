namespace DataForge.NounStats;

/// <summary>Rows of a NounStats run for progress: those of the inputs already counted and the run's total, when known.</summary>
/// <param name="Total">Rows of all inputs from Parquet metadata; null when an input is a text or JSON file.</param>
internal sealed record RowProgress(long? Total)
{
    /// <summary>Gets or sets the rows of the inputs counted before the current one.</summary>
    public long Before { get; set; }
}
