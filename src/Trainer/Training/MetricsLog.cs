using System.Globalization;
using System.Text.Json;

namespace DataForge.Trainer.Training;

/// <summary>
/// Per-step metrics as JSON lines and CSV in the run folder. On resume, lines past the resumed step are dropped
/// first, so an interrupted run's tail is never counted twice.
/// </summary>
public sealed class MetricsLog
{
    private readonly string _jsonl;
    private readonly string _csv;

    /// <summary>Opens the log of a run folder.</summary>
    /// <param name="runDirectory">The run folder.</param>
    /// <param name="resumedStep">The step training continues after (0 for a fresh run).</param>
    public MetricsLog(string runDirectory, long resumedStep)
    {
        _jsonl = Path.Combine(runDirectory, "metrics.jsonl");
        _csv = Path.Combine(runDirectory, "metrics.csv");
        var kept = ReadAll(_jsonl).Where(m => m.Step <= resumedStep).ToList();
        File.WriteAllLines(_jsonl, kept.Select(m => JsonSerializer.Serialize(m)));
        File.WriteAllText(_csv, "step,loss,mse,vlb,grad_norm,lr,images_per_s,skipped\n");
        foreach (var metric in kept)
        {
            File.AppendAllText(_csv, Csv(metric));
        }
    }

    /// <summary>Gets the JSONL path.</summary>
    public string JsonlPath => _jsonl;

    /// <summary>Gets the CSV path.</summary>
    public string CsvPath => _csv;

    /// <summary>Appends one step.</summary>
    /// <param name="metrics">The step's metrics.</param>
    public void Append(StepMetrics metrics)
    {
        File.AppendAllText(_jsonl, JsonSerializer.Serialize(metrics) + "\n");
        File.AppendAllText(_csv, Csv(metrics));
    }

    /// <summary>Reads a metrics file.</summary>
    /// <param name="path">A <c>metrics.jsonl</c>.</param>
    /// <returns>The steps in file order.</returns>
    public static List<StepMetrics> ReadAll(string path) =>
        File.Exists(path)
            ? [.. File.ReadLines(path).Where(l => l.Length > 0).Select(l => JsonSerializer.Deserialize<StepMetrics>(l)!)]
            : [];

    private static string Csv(StepMetrics m) => string.Create(
        CultureInfo.InvariantCulture,
        $"{m.Step},{m.Loss:R},{m.Mse:R},{m.Vlb:R},{m.GradNorm:R},{m.LearningRate:R},{m.ImagesPerSecond:0.###},{(m.Skipped ? 1 : 0)}\n");
}
