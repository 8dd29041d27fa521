using DataForge.ShapeWorld.Evaluation;

namespace DataForge.Cli.Experiment;

/// <summary>What <c>dataforge shapeworld experiment</c> produced.</summary>
/// <param name="WorkDirectory">The work folder.</param>
/// <param name="Markdown">Path of <c>experiment.md</c>.</param>
/// <param name="Results">Per (caption column the model was trained on, prompt phrasing, training step): the judged summary.</param>
/// <param name="FinalLoss">Per caption column: the last training loss.</param>
public sealed record ExperimentReport(
    string WorkDirectory,
    string Markdown,
    IReadOnlyDictionary<(string Model, string Phrasing, long Step), JudgeSummary> Results,
    IReadOnlyDictionary<string, double> FinalLoss);
