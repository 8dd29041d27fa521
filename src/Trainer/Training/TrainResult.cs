namespace DataForge.Trainer.Training;

/// <summary>What a training run produced.</summary>
/// <param name="Steps">Metrics of the steps run in this invocation (after any resume point).</param>
/// <param name="FinalStep">The optimizer step reached.</param>
/// <param name="Checkpoint">The last checkpoint folder written.</param>
/// <param name="MetricsJsonl">Path of <c>metrics.jsonl</c>.</param>
/// <param name="MetricsCsv">Path of <c>metrics.csv</c>.</param>
/// <param name="LossCurve">Path of <c>loss_curve.png</c>.</param>
public sealed record TrainResult(IReadOnlyList<StepMetrics> Steps, long FinalStep, string Checkpoint, string MetricsJsonl, string MetricsCsv, string LossCurve);
