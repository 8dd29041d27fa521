namespace DataForge.NounStats.Reports;

/// <summary>One row of PixArt-α's Table 1 (arXiv 2310.00426, §2.4), as printed.</summary>
/// <param name="Dataset">Dataset name in the paper.</param>
/// <param name="ValidNouns">VN (distinct nouns seen more than 10 times).</param>
/// <param name="DistinctNouns">DN (distinct nouns).</param>
/// <param name="ValidRatioPercent">VN/DN as printed, in percent.</param>
/// <param name="TotalNouns">Total nouns.</param>
/// <param name="AveragePerImage">Average nouns per image.</param>
public sealed record PaperTable1Row(string Dataset, long ValidNouns, long DistinctNouns, double ValidRatioPercent, long TotalNouns, double AveragePerImage)
{
    /// <summary>Gets the four rows of the paper's Table 1.</summary>
    public static IReadOnlyList<PaperTable1Row> All { get; } =
    [
        new("LAION", 210_000, 2_461_000, 8.5, 72_000_000, 6.4),
        new("LAION-LLaVA", 85_000, 646_000, 13.3, 233_900_000, 20.9),
        new("SAM-LLaVA", 23_000, 124_000, 18.6, 327_900_000, 29.3),
        new("Internal", 152_000, 582_000, 26.1, 136_600_000, 12.2),
    ];
}
