using ScottPlot;

namespace DataForge.Trainer.Training;

/// <summary>
/// Plots of a run's per-step metrics (<see cref="MetricsLog.ReadAll"/>) against the optimizer step: the loss terms, the
/// gradient norm and the learning rate. Steps the NaN/Inf guard skipped are left out.
/// </summary>
public static class TrainingCurvePlots
{
    /// <summary>
    /// Creates the loss plot: the total loss with its ε-MSE and VLB terms, each as a faint raw line under its
    /// <see cref="LossSmoothing"/> curve in the same colour; the legend sits right of the data so it hides none of it.
    /// </summary>
    /// <param name="metrics">The run's steps.</param>
    /// <returns>The plot.</returns>
    public static Plot Loss(IReadOnlyList<StepMetrics> metrics)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        var kept = metrics.Where(m => !m.Skipped).ToList();
        var steps = kept.Select(m => (double)m.Step).ToArray();
        var span = LossSmoothing.SpanFor(kept.Count);
        PlotFonts.Ensure();
        var plot = new Plot();
        foreach (var (label, values) in new[]
        {
            ("loss (ε-MSE + VLB)", kept.Select(m => m.Loss).ToArray()),
            ("ε-MSE", kept.Select(m => m.Mse).ToArray()),
            ("VLB (bits)", kept.Select(m => m.Vlb).ToArray()),
        })
        {
            var raw = plot.Add.ScatterLine(steps, values);
            raw.LineWidth = 1;
            raw.Color = raw.Color.WithAlpha(0.3);
            var smooth = plot.Add.ScatterLine(steps, LossSmoothing.Smooth(values, span));
            smooth.Color = raw.Color.WithAlpha(1.0);
            smooth.LineWidth = 2;
            smooth.LegendText = span > 1 ? $"{label}, smoothed (EMA span {span})" : label;
        }

        plot.XLabel("optimizer step");
        plot.YLabel("loss");
        plot.Title("PixArt-α training loss");
        plot.ShowLegend(Edge.Right);
        return plot;
    }

    /// <summary>Creates the gradient-norm plot (the norm before clipping, as logged).</summary>
    /// <param name="metrics">The run's steps.</param>
    /// <returns>The plot.</returns>
    public static Plot GradNorm(IReadOnlyList<StepMetrics> metrics) =>
        Single(metrics, m => m.GradNorm, "Gradient norm (before clipping)", "gradient L2 norm");

    /// <summary>Creates the learning-rate plot (warmup, then the schedule's value).</summary>
    /// <param name="metrics">The run's steps.</param>
    /// <returns>The plot.</returns>
    public static Plot LearningRate(IReadOnlyList<StepMetrics> metrics) =>
        Single(metrics, m => m.LearningRate, "Learning rate", "learning rate");

    private static Plot Single(IReadOnlyList<StepMetrics> metrics, Func<StepMetrics, double> value, string title, string yLabel)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        var kept = metrics.Where(m => !m.Skipped).ToList();
        PlotFonts.Ensure();
        var plot = new Plot();
        plot.Add.ScatterLine(kept.Select(m => (double)m.Step).ToArray(), kept.Select(value).ToArray());
        plot.XLabel("optimizer step");
        plot.YLabel(yLabel);
        plot.Title(title);
        return plot;
    }
}
