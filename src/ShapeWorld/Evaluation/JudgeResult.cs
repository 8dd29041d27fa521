namespace DataForge.ShapeWorld.Evaluation;

/// <summary>What <c>dataforge shapeworld judge</c> produced.</summary>
/// <param name="Summary">The aggregated scores.</param>
/// <param name="Images">Every judged image.</param>
/// <param name="JsonReport">Path of <c>judge.json</c>.</param>
/// <param name="MarkdownReport">Path of <c>judge.md</c>.</param>
public sealed record JudgeResult(JudgeSummary Summary, IReadOnlyList<ImageJudgement> Images, string JsonReport, string MarkdownReport);
