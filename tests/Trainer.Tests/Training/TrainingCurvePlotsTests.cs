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
    public void Plots_DrawTheKeptSteps_OneLinePerTerm()
    {
        Assert.Equal(3, TrainingCurvePlots.Loss(Steps).GetPlottables().Count());
        foreach (var plot in new[] { TrainingCurvePlots.GradNorm(Steps), TrainingCurvePlots.LearningRate(Steps) })
        {
            var line = Assert.IsType<ScottPlot.Plottables.Scatter>(Assert.Single(plot.GetPlottables()));
            Assert.Equal([1.0, 3.0], line.Data.GetScatterPoints().Select(p => p.X));
        }
    }

    [Fact]
    public void LossCurvePlot_WritesAPng()
    {
        using var temp = new TempDirectory();
        var path = temp.Combine("loss.png");

        LossCurvePlot.Write(Steps, path);

        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], File.ReadAllBytes(path)[..4]);
    }
}
