using System.Globalization;

namespace DataForge.Captioner.Bench;

/// <summary>
/// Summarises <see cref="VariableLengthBench"/>'s rounds: per loop and batch size the median tokens/s with its
/// range, ratios taken within each round (both loops saw the same minute's load) and then their median, the
/// issue's targets, and the fraction of the memory-bandwidth bound reached.
/// </summary>
internal static class VariableLengthReport
{
    public static void Print(List<VariableLengthSample> samples, VariableLengthPlan plan, BenchShape shape)
    {
        var genai1 = Rounds(samples, VariableLengthBench.GenAi, 1);
        Console.WriteLine();
        Console.WriteLine($"Median of {plan.Rounds} rounds [min-max]; ratios are per round (same minute's load), then the median [min-max].");
        Console.WriteLine("| loop | batch | tokens/s | vs GenAI same batch | vs GenAI batch 1 | bandwidth-bound tokens/s | fraction of bound |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|");
        foreach (var batch in plan.Batches)
        {
            var genai = Rounds(samples, VariableLengthBench.GenAi, batch);
            foreach (var loop in new[] { VariableLengthBench.GenAi, VariableLengthBench.Static, VariableLengthBench.Continuous })
            {
                var rows = Rounds(samples, loop, batch);
                if (rows.Count == 0)
                {
                    continue;
                }

                var bounds = rows.Values.Select(s => Bound(shape, plan, s)).ToList();
                var fractions = rows.Values.Select(s => s.TokensPerSecond / Bound(shape, plan, s)).ToList();
                var vsOne = genai1.Count > 0 ? Spread(Ratios(rows, genai1), "x") : "-";
                Console.WriteLine(
                    $"| {loop} | {batch} | {Spread(rows.Values.Select(s => s.TokensPerSecond).ToList(), "")} | {Spread(Ratios(rows, genai), "x")} | {vsOne} | {Median(bounds):F1} | {Median(fractions) * 100:F0} % [{fractions.Min() * 100:F0}-{fractions.Max() * 100:F0}] |");
            }
        }

        Console.WriteLine();
        Console.WriteLine("CPU time per useful token (process CPU seconds over a loop; a loaded machine inflates it far less than wall time):");
        foreach (var batch in plan.Batches)
        {
            var genai = Rounds(samples, VariableLengthBench.GenAi, batch);
            foreach (var loop in new[] { VariableLengthBench.GenAi, VariableLengthBench.Static, VariableLengthBench.Continuous })
            {
                var rows = Rounds(samples, loop, batch);
                if (rows.Count > 0)
                {
                    // GenAI's CPU per token over the loop's: above 1 when the loop spends less CPU per token.
                    var ratios = rows.Where(r => genai.ContainsKey(r.Key)).Select(r => genai[r.Key].CpuSecondsPerToken / r.Value.CpuSecondsPerToken).ToList();
                    Console.WriteLine($"  {loop,-36} batch {batch,2}: {Spread([.. rows.Values.Select(s => s.CpuSecondsPerToken * 1000)], " ms")}, GenAI's / this {Spread(ratios, "x")}");
                }
            }
        }

        Console.WriteLine();
        Target(samples, "batch 1, captioner static / GenAI batch 1", VariableLengthBench.Static, 1, 1, 1.0);
        Target(samples, "batch 1, captioner continuous / GenAI batch 1", VariableLengthBench.Continuous, 1, 1, 1.0);
        Target(samples, "batch 16, captioner continuous / GenAI batch 16", VariableLengthBench.Continuous, 16, 16, 1.5);
        Target(samples, "batch 16, captioner continuous / GenAI batch 1", VariableLengthBench.Continuous, 16, 1, 3.0);
    }

    // Weights plus every row's KV at the mean context (prompt + half the mean output) streamed once per decode step.
    private static double Bound(BenchShape shape, VariableLengthPlan plan, VariableLengthSample sample)
    {
        var bytes = shape.WeightBytesPerStep + (sample.Batch * shape.KvBytesPerRow(plan.PromptTokens + ((plan.MinNew + plan.MaxNew) / 4)));
        return sample.Batch * sample.BytesPerSecond / bytes;
    }

    private static void Target(List<VariableLengthSample> samples, string name, string loop, int batch, int baselineBatch, double target)
    {
        var rows = Rounds(samples, loop, batch);
        var baseline = Rounds(samples, VariableLengthBench.GenAi, baselineBatch);
        var ratios = Ratios(rows, baseline);
        if (ratios.Count == 0)
        {
            return;
        }

        var verdict = ratios.Min() >= target ? "met in every round" : Median(ratios) >= target ? "met by the median, not in every round" : "NOT met";
        Console.WriteLine($"{name}: {Spread(ratios, "x")} (target >= {target.ToString("0.0", CultureInfo.InvariantCulture)}x): {verdict}");
    }

    private static Dictionary<int, VariableLengthSample> Rounds(List<VariableLengthSample> samples, string loop, int batch) =>
        samples.Where(s => s.Loop == loop && s.Batch == batch).ToDictionary(s => s.Round);

    private static List<double> Ratios(Dictionary<int, VariableLengthSample> rows, Dictionary<int, VariableLengthSample> baseline) =>
        [.. rows.Where(r => baseline.ContainsKey(r.Key)).Select(r => r.Value.TokensPerSecond / baseline[r.Key].TokensPerSecond)];

    private static string Spread(List<double> values, string unit) =>
        values.Count == 0 ? "-" : $"{Median(values):F2}{unit} [{values.Min():F2}-{values.Max():F2}]";

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
