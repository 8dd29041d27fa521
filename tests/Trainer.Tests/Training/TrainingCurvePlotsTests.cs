using DataForge.TestUtils;
using DataForge.Trainer.Training;

namespace DataForge.Trainer.Tests.Training;

public sealed class TrainingCurvePlotsTests
{
    private static readonly StepMetrics[] Steps =
    [
        new() { Step = 1, Loss = 1.0, Mse = 0.9, Vlb = 0.1, GradNorm = 3, LearningRate = 1e-6 },
        new() { Step = 2, Loss = double.NaN, Mse = double.NaN, Vlb = double.NaN, GradNorm = double.NaN, LearningRate = 2e-6, Skipped = true },
        new() { Step = 3, Loss = 0.5, Mse = 0.45, Vlb = 0.05, GradNorm = 2, LearningRate = 3e-6 },
    ];

    [Fact]
    public void Plots_DrawTheKeptSteps_RawAndSmoothedLinePerLossTerm()
    {
        var loss = TrainingCurvePlots.Loss(Steps).GetPlottables().Cast<ScottPlot.Plottables.Scatter>().ToList();
        Assert.Equal(6, loss.Count);
        Assert.All(loss, l => Assert.Equal([1.0, 3.0], l.Data.GetScatterPoints().Select(p => p.X)));
        // Raw lines stay out of the legend; each smoothed line names its term.
        Assert.Equal(["", "loss (ε-MSE + VLB)", "", "ε-MSE", "", "VLB (bits)"], loss.Select(l => l.LegendText));
        foreach (var plot in new[] { TrainingCurvePlots.GradNorm(Steps), TrainingCurvePlots.LearningRate(Steps) })
        {
            var line = Assert.IsType<ScottPlot.Plottables.Scatter>(Assert.Single(plot.GetPlottables()));
            Assert.Equal([1.0, 3.0], line.Data.GetScatterPoints().Select(p => p.X));
        }
    }

    [Fact]
    public void LossSmoothing_Span3_IsTheBiasCorrectedEma()
    {
        // α = 2/(3+1) = 0.5: y1 = (0.5·0 + 1)/(0.5 + 1) = 2/3, y2 = (0.25·0 + 0.5·1 + 1)/(0.25 + 0.5 + 1) = 6/7.
        var smoothed = LossSmoothing.Smooth([0.0, 1.0, 1.0], 3);

        Assert.Equal(0.0, smoothed[0], 12);
        Assert.Equal(2.0 / 3, smoothed[1], 12);
        Assert.Equal(6.0 / 7, smoothed[2], 12);
        Assert.Equal([4.0, 4.0, 4.0], LossSmoothing.Smooth([4.0, 4.0, 4.0], 50));
        Assert.Equal([3.0, 1.0, 2.0], LossSmoothing.Smooth([3.0, 1.0, 2.0], 1));
    }

    [Theory]
    [InlineData(5, 1)]
    [InlineData(40, 2)]
    [InlineData(2_000, 100)]
    [InlineData(1_000_000, LossSmoothing.MaxSpan)]
    public void LossSmoothing_SpanFor_IsATwentiethOfTheRunWithinLimits(int points, int span) =>
        Assert.Equal(span, LossSmoothing.SpanFor(points));

    [Fact]
    public void LossCurvePlot_WritesAPng()
    {
        using var temp = new TempDirectory();
        var path = temp.Combine("loss.png");

        LossCurvePlot.Write(Steps, path);

        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], File.ReadAllBytes(path)[..4]);
    }

    [Fact]
    public void LearningRatePlot_DrawsItsTitle()
    {
        // SkiaSharp 4's NoDependencies native library has no system fonts, so without an explicit font file every label
        // is drawn with an empty typeface: the band above the plot area, where the title goes, stays white.
        var png = TrainingCurvePlots.LearningRate(Steps).GetImageBytes(900, 560, ScottPlot.ImageFormat.Png);
        using var bitmap = SkiaSharp.SKBitmap.Decode(png);

        var dark = 0;
        for (var y = 0; y < 20; y++)
        {
            for (var x = 0; x < bitmap.Width; x++)
            {
                var p = bitmap.GetPixel(x, y);
                dark += p.Red + p.Green + p.Blue < 3 * 128 ? 1 : 0;
            }
        }

        Assert.True(dark > 50, $"only {dark} dark pixels where the title should be");
    }
}
