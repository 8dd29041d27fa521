using System.Text.Json.Serialization;

namespace DataForge.ShapeWorld.Evaluation;

/// <summary>A mean with its percentile bootstrap interval.</summary>
/// <param name="Mean">The mean of the values.</param>
/// <param name="Low">The interval's lower end (2.5th percentile of resampled means for a 95% interval).</param>
/// <param name="High">The interval's upper end.</param>
/// <param name="Count">How many values the mean is over.</param>
public sealed record BootstrapInterval(double Mean, double Low, double High, [property: JsonPropertyName("n")] int Count)
{
    /// <summary>
    /// Computes the mean and its 95% percentile bootstrap interval: <paramref name="resamples"/> resamples of the
    /// values with replacement (indices drawn by SplitMix64 seeded with <paramref name="seed"/>, so the figures are
    /// reproducible and, with <c>tests/ShapeWorld.Tests/Evaluation/bootstrap_golden.py</c>, checkable against numpy),
    /// and the 2.5th and 97.5th percentiles of their means, linearly interpolated as <c>numpy.percentile</c> does.
    /// </summary>
    /// <param name="values">The values (per prompt scores).</param>
    /// <param name="resamples">Number of resamples, at least 1.</param>
    /// <param name="seed">The seed.</param>
    /// <returns>The interval; NaN throughout for no values.</returns>
    public static BootstrapInterval Of(IReadOnlyList<double> values, int resamples, int seed)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentOutOfRangeException.ThrowIfLessThan(resamples, 1);
        var n = values.Count;
        if (n == 0)
        {
            return new BootstrapInterval(double.NaN, double.NaN, double.NaN, 0);
        }

        var random = new SceneRandom(seed, 0, 0);
        var means = new double[resamples];
        for (var b = 0; b < resamples; b++)
        {
            var sum = 0.0;
            for (var i = 0; i < n; i++)
            {
                sum += values[random.Next(n)];
            }

            means[b] = sum / n;
        }

        Array.Sort(means);
        return new BootstrapInterval(values.Average(), Percentile(means, 2.5), Percentile(means, 97.5), n);
    }

    private static double Percentile(double[] sorted, double q)
    {
        var position = (sorted.Length - 1) * q / 100;
        var low = (int)Math.Floor(position);
        var high = Math.Min(low + 1, sorted.Length - 1);
        return sorted[low] + ((position - low) * (sorted[high] - sorted[low]));
    }
}
