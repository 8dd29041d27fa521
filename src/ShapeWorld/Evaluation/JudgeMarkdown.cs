using System.Globalization;
using System.Text;

namespace DataForge.ShapeWorld.Evaluation;

/// <summary>Writes a <see cref="JudgeSummary"/> as the Markdown report <c>judge.md</c>.</summary>
internal static class JudgeMarkdown
{
    /// <summary>Formats the report.</summary>
    /// <param name="summary">The summary.</param>
    /// <param name="images">The judged images.</param>
    /// <param name="options">The judge's options (named in the report).</param>
    /// <returns>The Markdown.</returns>
    public static string Write(JudgeSummary summary, IReadOnlyList<ImageJudgement> images, JudgeOptions options)
    {
        var md = new StringBuilder();
        md.AppendLine("# Shape-world alignment (GenEval-style)");
        md.AppendLine();
        md.AppendLine(Invariant($"Images: `{options.InputDirectory}` ({images.Count} judged); prompts: `{options.PromptsFile}` ({summary.Prompts.Count} scored, {summary.MissingPrompts.Count} without images)."));
        md.AppendLine(Invariant($"Images in which the detector found no object (none at all, or no background the world paints — noise): {images.Count(i => i.Detections.Count == 0)}."));
        md.AppendLine(Invariant($"A prompt's score is the fraction of its images with every asked attribute right; figures are means over prompts with a 95% bootstrap interval ({summary.Resamples} resamples of prompts, seed {summary.Seed})."));
        md.AppendLine("Objects are found by the analytic detector (`ShapeDetector`: palette segmentation and the world's own outlines, no learned weights).");
        md.AppendLine();
        md.AppendLine("| Measure | Prompts | Mean | 95% interval |");
        md.AppendLine("|---|---|---|---|");
        Row(md, "**overall**", summary.Overall);
        foreach (var (attribute, interval) in summary.ByAttribute)
        {
            Row(md, $"attribute: {Word(attribute)}", interval);
        }

        foreach (var (task, interval) in summary.ByTask)
        {
            Row(md, $"task: {Word(task)}", interval);
        }

        md.AppendLine();
        md.AppendLine("## Lowest-scoring prompts");
        md.AppendLine();
        md.AppendLine("| Prompt | Task | Images | Score | Short phrasing |");
        md.AppendLine("|---|---|---|---|---|");
        foreach (var p in summary.Prompts.OrderBy(p => p.Score).ThenBy(p => p.Id, StringComparer.Ordinal).Take(10))
        {
            md.AppendLine(Invariant($"| {p.Id} | {Word(p.Task)} | {p.Images} | {p.Score:F2} | {p.Short} |"));
        }

        if (summary.MissingPrompts.Count > 0)
        {
            md.AppendLine();
            md.AppendLine(Invariant($"Prompts without images (not scored): {string.Join(", ", summary.MissingPrompts.Take(20))}{(summary.MissingPrompts.Count > 20 ? ", ..." : "")}."));
        }

        return md.ToString();
    }

    private static void Row(StringBuilder md, string name, BootstrapInterval interval) =>
        md.AppendLine(Invariant($"| {name} | {interval.Count} | {interval.Mean:F3} | [{interval.Low:F3}, {interval.High:F3}] |"));

    private static string Word<T>(T value)
        where T : struct, Enum => System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(value.ToString());

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
