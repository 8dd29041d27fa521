using ScottPlot;

namespace DataForge.Trainer.Training;

/// <summary>Draws a run's loss terms against the step as a PNG.</summary>
public static class LossCurvePlot
{
    /// <summary>Writes the plot.</summary>
    /// <param name="metrics">All steps of the run.</param>
    /// <param name="path">PNG path.</param>
    public static void Write(IReadOnlyList<StepMetrics> metrics, string path)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        var plot = new Plot();
        var kept = metrics.Where(m => !m.Skipped).ToList();
        var steps = kept.Select(m => (double)m.Step).ToArray();
        foreach (var (label, values) in new[]
        {
            ("loss (ε-MSE + VLB)", kept.Select(m => m.Loss).ToArray()),
            ("ε-MSE", kept.Select(m => m.Mse).ToArray()),
            ("VLB (bits)", kept.Select(m => m.Vlb).ToArray()),
        })
        {
            var line = plot.Add.ScatterLine(steps, values);
            line.LegendText = label;
        }

        plot.XLabel("optimizer step");
        plot.YLabel("loss");
        plot.Title("PixArt-α training loss");
        plot.ShowLegend();
        plot.SavePng(path, 900, 540);
    }
}
