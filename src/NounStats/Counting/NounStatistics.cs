using System.Text.Json.Serialization;

namespace DataForge.NounStats.Counting;

/// <summary>PixArt-α Table-1 statistics of one caption column.</summary>
/// <param name="Label">Name of the input.</param>
/// <param name="Captions">Rows, empty captions included.</param>
/// <param name="Tokens">Words produced by the tokenizer.</param>
/// <param name="TotalNouns">Noun occurrences.</param>
/// <param name="DistinctNouns">DN: distinct noun keys.</param>
/// <param name="ValidNouns">VN: keys seen more than <paramref name="ValidThreshold"/> times.</param>
/// <param name="ValidThreshold">The VN threshold.</param>
/// <param name="TopNouns">The most frequent keys, most frequent first (ties by key).</param>
/// <param name="NounsPerCaptionHistogram">Element n: captions with exactly n nouns.</param>
/// <param name="RankFrequencies">All key counts in descending order (for rank-frequency plots).</param>
public sealed record NounStatistics(
    string Label,
    long Captions,
    long Tokens,
    long TotalNouns,
    long DistinctNouns,
    long ValidNouns,
    int ValidThreshold,
    IReadOnlyList<NounCount> TopNouns,
    IReadOnlyList<long> NounsPerCaptionHistogram,
    [property: JsonIgnore] IReadOnlyList<long> RankFrequencies)
{
    /// <summary>Gets VN/DN (0 when there are no nouns).</summary>
    public double ValidRatio => DistinctNouns == 0 ? 0 : (double)ValidNouns / DistinctNouns;

    /// <summary>Gets the rows read but not counted because their <c>status</c>/<c>caption_status</c> is not success.</summary>
    public long LeftOutRows { get; init; }

    /// <summary>Gets the sample size, in noun occurrences, of <see cref="ValidNounsAtSample"/>.</summary>
    public long SampleNouns { get; init; }

    /// <summary>
    /// Gets VN at a fixed sample size: the expected VN of a uniform random sample of <see cref="SampleNouns"/> noun
    /// occurrences drawn without replacement, computed exactly from the counts (<see cref="ValidNounSampling"/>).
    /// Unlike VN it does not grow with the corpus (ten copies of a corpus give the same figure), so it compares
    /// corpora of different sizes; <see langword="null"/> when the input has fewer nouns than the sample.
    /// </summary>
    public double? ValidNounsAtSample { get; init; }

    /// <summary>Gets the average number of nouns per caption (per image), empty captions included.</summary>
    public double AveragePerCaption => Captions == 0 ? 0 : (double)TotalNouns / Captions;
}
