using DataForge.NounStats.Counting;

namespace DataForge.NounStats.Reports;

/// <summary>
/// The data behind the nouns-per-caption plot: integer buckets 0..<see cref="LastBucket"/>, the last one holding every
/// caption with that many nouns or more, and each input's share of captions per bucket.
/// </summary>
/// <param name="LastBucket">The last bucket: the largest per-input 99th percentile, capped by the requested maximum.</param>
/// <param name="Overflows">Whether the last bucket also holds captions with more nouns than <see cref="LastBucket"/>.</param>
/// <param name="Shares">Per input (in input order, inputs without captions left out), its mean nouns per caption and percent of its captions per bucket.</param>
public sealed record NounsPerCaptionBuckets(int LastBucket, bool Overflows, IReadOnlyList<(string Label, double Mean, double[] Percent)> Shares)
{
    /// <summary>The share of captions the last bucket is chosen to cover without overflow.</summary>
    public const double Percentile = 0.99;

    /// <summary>
    /// Chooses the last bucket from the data, so that a long tail of rare many-noun captions does not leave most of the
    /// plot's width empty: the smallest count n with at least 99% of an input's captions at n nouns or fewer, the largest
    /// such n over the inputs, never above <paramref name="histogramMax"/> and at least 1.
    /// </summary>
    /// <param name="statistics">One entry per input.</param>
    /// <param name="histogramMax">Upper limit of the last bucket.</param>
    /// <returns>The buckets.</returns>
    public static NounsPerCaptionBuckets From(IReadOnlyList<NounStatistics> statistics, int histogramMax)
    {
        ArgumentNullException.ThrowIfNull(statistics);
        ArgumentOutOfRangeException.ThrowIfLessThan(histogramMax, 1);
        var withCaptions = statistics.Where(s => s.Captions > 0).ToList();
        var last = Math.Min(histogramMax, Math.Max(1, withCaptions.Select(PercentileCount).DefaultIfEmpty(1).Max()));
        var overflows = withCaptions.Any(s => s.NounsPerCaptionHistogram.Skip(last + 1).Any(c => c > 0));
        var shares = withCaptions.Select(s => (s.Label, s.AveragePerCaption, Bucket(s, last))).ToList();
        return new NounsPerCaptionBuckets(last, overflows, shares);
    }

    private static int PercentileCount(NounStatistics s)
    {
        long covered = 0;
        for (var n = 0; n < s.NounsPerCaptionHistogram.Count; n++)
        {
            covered += s.NounsPerCaptionHistogram[n];
            // Integer comparison avoids a float rounding that would move the bucket by one at exactly 99%.
            if (covered * 100 >= s.Captions * 99)
            {
                return n;
            }
        }

        return Math.Max(0, s.NounsPerCaptionHistogram.Count - 1);
    }

    private static double[] Bucket(NounStatistics s, int last)
    {
        var percent = new double[last + 1];
        for (var n = 0; n < s.NounsPerCaptionHistogram.Count; n++)
        {
            percent[Math.Min(n, last)] += 100.0 * s.NounsPerCaptionHistogram[n] / s.Captions;
        }

        return percent;
    }
}
