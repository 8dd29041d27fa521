using System.Runtime.InteropServices;

namespace DataForge.NounStats.Counting;

/// <summary>
/// Mergeable noun counts over a set of captions: count per noun key, number of captions, words, and how many
/// captions had each number of nouns. <see cref="Merge"/> only adds numbers, so merging is associative and
/// commutative and any split of the captions merges to the single-pass tally.
/// </summary>
public sealed class NounTally
{
    private readonly Dictionary<string, long> _counts = new(StringComparer.Ordinal);
    private readonly Dictionary<int, long> _nounsPerCaption = [];

    /// <summary>Gets the count of each noun key.</summary>
    public IReadOnlyDictionary<string, long> Counts => _counts;

    /// <summary>Gets how many captions had a given number of nouns (exact, not bucketed).</summary>
    public IReadOnlyDictionary<int, long> NounsPerCaption => _nounsPerCaption;

    /// <summary>Gets the number of rows read but not counted because their status is not success.</summary>
    public long LeftOutRows { get; private set; }

    /// <summary>Gets the number of captions (rows), empty ones included.</summary>
    public long Captions { get; private set; }

    /// <summary>Gets the number of words the tokenizer produced.</summary>
    public long Tokens { get; private set; }

    /// <summary>Gets the number of noun occurrences.</summary>
    public long TotalNouns { get; private set; }

    /// <summary>Adds one noun occurrence (the caption itself is added with <see cref="AddCaption"/>).</summary>
    /// <param name="key">The noun key.</param>
    public void AddNoun(ReadOnlySpan<char> key)
    {
        var lookup = _counts.GetAlternateLookup<ReadOnlySpan<char>>();
        ref var count = ref CollectionsMarshal.GetValueRefOrAddDefault(lookup, key, out _);
        count++;
        TotalNouns++;
    }

    /// <summary>Adds a noun key with a count, as read back from a partial result.</summary>
    /// <param name="key">The noun key.</param>
    /// <param name="count">Occurrences (positive).</param>
    public void AddNoun(string key, long count)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        ref var slot = ref CollectionsMarshal.GetValueRefOrAddDefault(_counts, key, out _);
        slot += count;
        TotalNouns += count;
    }

    /// <summary>Records one caption with its noun and word counts.</summary>
    /// <param name="nouns">Nouns found in it.</param>
    /// <param name="tokens">Words found in it.</param>
    public void AddCaption(int nouns, int tokens)
    {
        ref var slot = ref CollectionsMarshal.GetValueRefOrAddDefault(_nounsPerCaption, nouns, out _);
        slot++;
        Captions++;
        Tokens += tokens;
    }

    /// <summary>Records rows that were read but not counted because their status is not success.</summary>
    /// <param name="rows">The number of such rows (not negative).</param>
    public void AddLeftOutRows(long rows)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        LeftOutRows += rows;
    }

    /// <summary>Adds another tally into this one.</summary>
    /// <param name="other">The tally to add; unchanged.</param>
    public void Merge(NounTally other)
    {
        ArgumentNullException.ThrowIfNull(other);
        foreach (var (key, count) in other._counts)
        {
            ref var slot = ref CollectionsMarshal.GetValueRefOrAddDefault(_counts, key, out _);
            slot += count;
        }

        foreach (var (nouns, captions) in other._nounsPerCaption)
        {
            ref var slot = ref CollectionsMarshal.GetValueRefOrAddDefault(_nounsPerCaption, nouns, out _);
            slot += captions;
        }

        Captions += other.Captions;
        LeftOutRows += other.LeftOutRows;
        Tokens += other.Tokens;
        TotalNouns += other.TotalNouns;
    }

    /// <summary>Returns whether two tallies hold exactly the same numbers.</summary>
    /// <param name="other">The other tally.</param>
    /// <returns><see langword="true"/> when equal.</returns>
    public bool ContentEquals(NounTally other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return Captions == other.Captions && LeftOutRows == other.LeftOutRows && Tokens == other.Tokens && TotalNouns == other.TotalNouns
            && SameEntries(_counts, other._counts) && SameEntries(_nounsPerCaption, other._nounsPerCaption);
    }

    /// <summary>Computes the Table-1 statistics.</summary>
    /// <param name="label">Name of the input.</param>
    /// <param name="validThreshold">VN counts keys seen strictly more often than this.</param>
    /// <param name="topK">How many top nouns to list.</param>
    /// <param name="sampleNouns">The sample size of <see cref="NounStatistics.ValidNounsAtSample"/>, in noun occurrences.</param>
    /// <returns>The statistics.</returns>
    public NounStatistics Summarize(
        string label,
        int validThreshold = NounStatsConstants.DefaultValidThreshold,
        int topK = NounStatsConstants.DefaultTopK,
        long sampleNouns = NounStatsConstants.DefaultSampleNouns)
    {
        ArgumentNullException.ThrowIfNull(label);
        var valid = _counts.Values.Count(c => c > validThreshold);
        var top = _counts.OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal).Take(topK)
            .Select(p => new NounCount(p.Key, p.Value)).ToArray();
        var maxNouns = _nounsPerCaption.Count == 0 ? 0 : _nounsPerCaption.Keys.Max();
        var histogram = new long[maxNouns + 1];
        foreach (var (nouns, captions) in _nounsPerCaption)
        {
            histogram[nouns] = captions;
        }

        var frequencies = _counts.Values.OrderByDescending(c => c).ToArray();
        return new NounStatistics(
            label, Captions, Tokens, TotalNouns, _counts.Count, valid, validThreshold, top, histogram, frequencies)
        {
            LeftOutRows = LeftOutRows,
            SampleNouns = sampleNouns,
            ValidNounsAtSample = ValidNounSampling.ExpectedValidNouns(frequencies, TotalNouns, sampleNouns, validThreshold),
        };
    }

    private static bool SameEntries<TKey>(Dictionary<TKey, long> a, Dictionary<TKey, long> b)
        where TKey : notnull =>
        a.Count == b.Count && a.All(p => b.TryGetValue(p.Key, out var v) && v == p.Value);
}
