namespace DataForge.NounStats.Counting;

/// <summary>
/// VN at a fixed sample size. VN grows with the corpus: a noun seen 5 times in 10k captions is seen 50 times in ten
/// copies of them and becomes "valid". The expected VN of a random sample of M noun occurrences depends on the shape
/// of the noun distribution, not on how many copies of it there are, so corpora of different sizes compare fairly.
/// </summary>
/// <remarks>
/// A noun seen c times among T occurrences appears X ~ Hypergeometric(T, c, M) times in a sample of M drawn without
/// replacement; the expected VN is the sum over nouns of P(X &gt; threshold). It is computed exactly from the counts
/// (log-factorials, no random numbers), so map/reduce and reruns give the same figure.
/// </remarks>
public static class ValidNounSampling
{
    private const int TableSize = 1024;
    private static readonly double[] SmallLogFactorials = BuildTable();

    /// <summary>Computes the expected VN of a uniform random sample of noun occurrences.</summary>
    /// <param name="counts">The count of every distinct noun.</param>
    /// <param name="totalNouns">The sum of the counts.</param>
    /// <param name="sampleNouns">The sample size M.</param>
    /// <param name="threshold">A noun is valid when seen strictly more often than this in the sample.</param>
    /// <returns>The expected VN, or <see langword="null"/> when the corpus has fewer nouns than the sample (or M is not positive).</returns>
    public static double? ExpectedValidNouns(IEnumerable<long> counts, long totalNouns, long sampleNouns, int threshold)
    {
        ArgumentNullException.ThrowIfNull(counts);
        if (sampleNouns <= 0 || totalNouns < sampleNouns)
        {
            return null;
        }

        var total = 0.0;
        var logAllSamples = LogChoose(totalNouns, sampleNouns);
        foreach (var c in counts)
        {
            if (c > threshold)
            {
                total += 1.0 - AtMost(c, totalNouns, sampleNouns, threshold, logAllSamples);
            }
        }

        return total;
    }

    /// <summary>P(X ≤ k) for X ~ Hypergeometric(population T, successes c, draws M).</summary>
    private static double AtMost(long c, long t, long m, int k, double logAllSamples)
    {
        var low = Math.Max(0, m - (t - c));
        var high = Math.Min(Math.Min(c, m), k);
        var sum = 0.0;
        for (var x = low; x <= high; x++)
        {
            sum += Math.Exp(LogChoose(c, x) + LogChoose(t - c, m - x) - logAllSamples);
        }

        return Math.Min(1.0, sum);
    }

    private static double LogChoose(long n, long k) => LogFactorial(n) - LogFactorial(k) - LogFactorial(n - k);

    /// <summary>ln(n!): a table for small n, Stirling's series (error below 1e-17 relative) above it.</summary>
    internal static double LogFactorial(long n)
    {
        if (n < TableSize)
        {
            return SmallLogFactorials[n];
        }

        var x = (double)n;
        var inverse = 1.0 / x;
        var inverse2 = inverse * inverse;
        return (x * Math.Log(x)) - x + (0.5 * Math.Log(2 * Math.PI * x))
            + (inverse * ((1.0 / 12) - (inverse2 * ((1.0 / 360) - (inverse2 / 1260)))));
    }

    private static double[] BuildTable()
    {
        var table = new double[TableSize];
        for (var i = 2; i < TableSize; i++)
        {
            table[i] = table[i - 1] + Math.Log(i);
        }

        return table;
    }
}
