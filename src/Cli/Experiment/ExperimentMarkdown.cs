using System.Globalization;
using System.Text;
using DataForge.Core.Shards;
using DataForge.ShapeWorld.Evaluation;

namespace DataForge.Cli.Experiment;

/// <summary>Writes <c>experiment.md</c>: the setup, the phase times, the judged table per run, phrasing and step, and
/// how soon each run reaches the alt-text run's final alignment.</summary>
/// <param name="Options">The options the experiment ran with.</param>
/// <param name="Columns">The caption columns trained on, in run order.</param>
/// <param name="Results">Per (column, phrasing, step): the judged summary.</param>
/// <param name="Detected">Per (column, phrasing, step): images in which the detector found at least one object, of all.</param>
/// <param name="FinalLoss">Per column: the last training loss.</param>
/// <param name="Cut">Per column: captions cut to the token budget, of those extracted.</param>
/// <param name="SecondsPerStep">Per column: wall seconds per training step.</param>
/// <param name="Phases">Wall time per phase, in the order they ran.</param>
internal sealed record ExperimentMarkdown(
    ExperimentOptions Options,
    IReadOnlyList<string> Columns,
    IReadOnlyDictionary<(string, string, long), JudgeSummary> Results,
    IReadOnlyDictionary<(string, string, long), (int WithDetection, int Images)> Detected,
    IReadOnlyDictionary<string, double> FinalLoss,
    IReadOnlyDictionary<string, (long Truncated, long Extracted)> Cut,
    IReadOnlyDictionary<string, double> SecondsPerStep,
    IReadOnlyList<(string Phase, TimeSpan Elapsed)> Phases)
{
    /// <summary>Renders the page.</summary>
    /// <returns>Markdown.</returns>
    public string Render()
    {
        var o = Options;
        var m = o.Model;
        var md = new StringBuilder();
        md.AppendLine("# Shape-world experiment: alt-text against dense captions");
        md.AppendLine();
        if (o.TinyRandomModels)
        {
            md.AppendLine("**Pipeline check only: the VAE and text encoder are tiny random models, so these figures mean nothing.**");
            md.AppendLine();
        }

        md.AppendLine(Invariant($"{o.Count} scenes (seed {o.Seed}); runs trained on {string.Join(", ", Columns)}: {o.TrainSteps} steps each, batch {o.BatchSize}, same seed; {o.Prompts} held-out prompts × {o.SamplesPerPrompt} samples, DPM-Solver++ {o.SamplerSteps} steps, CFG {o.GuidanceScale}."));
        md.AppendLine();
        md.AppendLine(Invariant($"DiT: {m.InputSize}×{m.InputSize} latents, patch {m.PatchSize} ({m.BaseSize * m.BaseSize} tokens), D = {m.HiddenSize}, depth {m.Depth}, {m.NumHeads} heads, {m.ModelMaxLength} caption tokens of width {m.CaptionChannels}; AdamW lr {o.LearningRate}, warm-up {Math.Min(100, o.TrainSteps / 10)} steps, clip 1.0; sampled with EMA weights, decay {o.EffectiveEmaRate:0.#####}{(o.EmaRate is null ? " (fitted to the budget)" : "")}."));
        md.AppendLine();
        md.AppendLine("| Phase | Wall time |");
        md.AppendLine("|---|---|");
        foreach (var (phase, elapsed) in Phases)
        {
            md.AppendLine(Invariant($"| {phase} | {elapsed.TotalSeconds:F1} s |"));
        }

        md.AppendLine(Invariant($"| total | {Phases.Sum(p => p.Elapsed.TotalSeconds):F1} s |"));
        md.AppendLine();
        md.AppendLine(Invariant($"Training seconds per step: {string.Join(", ", Columns.Select(c => Invariant($"{c} {SecondsPerStep[c]:F3}")))}."));
        md.AppendLine();
        md.AppendLine("| Trained on | Prompted with | Step | Alignment | 95% interval | Object | Colour | Count | Position | Images with ≥ 1 detection |");
        md.AppendLine("|---|---|---|---|---|---|---|---|---|---|");
        foreach (var ((column, phrasing, step), s) in Results.OrderBy(r => r.Key.Item2, StringComparer.Ordinal).ThenBy(r => Index(r.Key.Item1)).ThenBy(r => r.Key.Item3))
        {
            string A(JudgedAttribute a) => s.ByAttribute.TryGetValue(a, out var i) ? Invariant($"{i.Mean:F3}") : "–";
            var (found, images) = Detected[(column, phrasing, step)];
            md.AppendLine(Invariant($"| {column} | {phrasing} | {step} | {s.Overall.Mean:F3} | [{s.Overall.Low:F3}, {s.Overall.High:F3}] | {A(JudgedAttribute.Object)} | {A(JudgedAttribute.Color)} | {A(JudgedAttribute.Count)} | {A(JudgedAttribute.Position)} | {found} of {images} |"));
        }

        md.AppendLine();
        md.AppendLine(Invariant($"Captions cut to {o.Tokens} tokens: {string.Join(", ", Columns.Select(c => Invariant($"{c} {Cut[c].Truncated} of {Cut[c].Extracted}")))}."));
        md.AppendLine();
        md.AppendLine(Invariant($"Final training loss: {string.Join(", ", Columns.Select(c => Invariant($"{c} {FinalLoss[c]:F4}")))}."));
        AppendStepsToAltText(md);
        md.AppendLine();
        md.AppendLine("Per-run reports: `judged/<column>/step_<N>/<phrasing>/judge.md`; sample grids: `samples/<column>/step_<N>/<phrasing>/grid.png`; loss curves: `train/<column>/`.");
        return md.ToString();
    }

    private void AppendStepsToAltText(StringBuilder md)
    {
        if (!Columns.Contains(ShardColumns.Caption))
        {
            md.AppendLine("No alt-text run: no steps-to-alt-text-alignment figure.");
            return;
        }

        foreach (var phrasing in (string[])["short", "dense"])
        {
            // The paper's claim is efficiency: how soon a run reaches the alt-text model's final alignment.
            var alt = Results.Where(r => r.Key.Item1 == ShardColumns.Caption && r.Key.Item2 == phrasing).MaxBy(r => r.Key.Item3).Value.Overall.Mean;
            foreach (var column in Columns.Where(c => c != ShardColumns.Caption))
            {
                var reached = Results.Where(r => r.Key.Item1 == column && r.Key.Item2 == phrasing && r.Value.Overall.Mean >= alt).Select(r => r.Key.Item3).DefaultIfEmpty(-1).Min();
                md.AppendLine(alt <= 0
                    ? $"With {phrasing} prompts the alt-text model's final alignment is 0: there is no level for {column} to reach, so no step count is claimed."
                    : Invariant($"With {phrasing} prompts the {column} model {(reached < 0 ? "never reaches" : $"reaches at step {reached}")} the alt-text model's final alignment ({alt:F3}) of {Options.TrainSteps} steps."));
            }
        }
    }

    private int Index(string column)
    {
        for (var i = 0; i < Columns.Count; i++)
        {
            if (Columns[i] == column)
            {
                return i;
            }
        }

        return Columns.Count;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
