namespace DataForge.Trainer.Training;

/// <summary>Draws a run's loss terms against the step as a PNG.</summary>
public static class LossCurvePlot
{
    /// <summary>Writes the plot.</summary>
    /// <param name="metrics">All steps of the run.</param>
    /// <param name="path">PNG path.</param>
    public static void Write(IReadOnlyList<StepMetrics> metrics, string path) =>
        TrainingCurvePlots.Loss(metrics).SavePng(path, 900, 540);
}
