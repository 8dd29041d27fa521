namespace DataForge.Trainer.Training;

/// <summary>
/// The smoothed loss drawn over the raw one: a bias-corrected exponential moving average (the same values as pandas'
/// <c>ewm(span=…, adjust=True).mean()</c>), so the first points are not pulled towards zero.
/// </summary>
public static class LossSmoothing
{
    /// <summary>The largest span: beyond a few hundred steps more smoothing only hides real changes of trend.</summary>
    public const int MaxSpan = 500;

    /// <summary>Picks the span for a run of <paramref name="points"/> points: one twentieth of the run, 1 to <see cref="MaxSpan"/>.</summary>
    /// <param name="points">Points on the curve.</param>
    /// <returns>The span in points (1 means no smoothing).</returns>
    public static int SpanFor(int points) => Math.Clamp(points / 20, 1, MaxSpan);

    /// <summary>Smooths a series: point t is Σ (1-α)^i x[t-i] / Σ (1-α)^i with α = 2 / (span + 1).</summary>
    /// <param name="values">The raw values in step order.</param>
    /// <param name="span">The span in points; at least 1.</param>
    /// <returns>One smoothed value per raw value.</returns>
    public static double[] Smooth(IReadOnlyList<double> values, int span)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentOutOfRangeException.ThrowIfLessThan(span, 1);
        var decay = 1.0 - (2.0 / (span + 1));
        var smoothed = new double[values.Count];
        double weighted = 0, weights = 0;
        for (var t = 0; t < values.Count; t++)
        {
            weighted = (decay * weighted) + values[t];
            weights = (decay * weights) + 1;
            smoothed[t] = weighted / weights;
        }

        return smoothed;
    }
}
