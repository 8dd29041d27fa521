using System.Globalization;
using System.Text;
using System.Text.Json;
using DataForge.Core.Shards;
using DataForge.NounStats.Counting;

namespace DataForge.NounStats.Reports;

/// <summary>
/// Formats statistics as a PixArt-α Table-1-style comparison (inputs side by side, optionally with the paper's
/// four rows) in Markdown, CSV and JSON.
/// </summary>
public static class Table1Report
{
    private static readonly string[] Header = ["Dataset", "Captions", "VN/DN", "Total nouns", "Average", "Source"];

    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true };

    /// <summary>Formats the Markdown table plus a top-nouns section per input.</summary>
    /// <param name="statistics">One entry per input.</param>
    /// <param name="includePaper">Whether to add the paper's four reference rows.</param>
    /// <param name="topK">How many top nouns to list per input.</param>
    /// <returns>The Markdown text.</returns>
    public static string ToMarkdown(IReadOnlyList<NounStatistics> statistics, bool includePaper, int topK = 10)
    {
        ArgumentNullException.ThrowIfNull(statistics);
        var sb = new StringBuilder();
        var threshold = statistics.Count > 0 ? statistics[0].ValidThreshold : NounStatsConstants.DefaultValidThreshold;
        sb.AppendLine("| " + string.Join(" | ", Header) + " |");
        sb.AppendLine("|---|---:|---|---:|---:|---|");
        foreach (var row in TableRows(statistics, includePaper))
        {
            sb.AppendLine("| " + string.Join(" | ", row.Select(Escape)) + " |");
        }

        sb.AppendLine();
        sb.AppendLine(Invariant($"VN: distinct nouns appearing more than {threshold} times; DN: distinct nouns; Average: nouns per caption (image), empty captions included."));
        foreach (var s in statistics)
        {
            sb.AppendLine();
            sb.AppendLine(Invariant($"### Top nouns: {Escape(s.Label)}"));
            sb.AppendLine();
            sb.AppendLine(string.Join(", ", s.TopNouns.Take(topK).Select(n => Invariant($"{n.Noun} ({n.Count:N0})"))));
        }

        return sb.ToString();
    }

    /// <summary>
    /// Formats the comparison as an HTML table (<c>class="table1"</c>) with the Markdown table's columns and numbers:
    /// one row per input, then the paper's four rows when asked, and the VN threshold in the caption.
    /// </summary>
    /// <param name="statistics">One entry per input.</param>
    /// <param name="includePaper">Whether to add the paper's four reference rows.</param>
    /// <returns>The HTML fragment.</returns>
    public static string ToHtml(IReadOnlyList<NounStatistics> statistics, bool includePaper)
    {
        ArgumentNullException.ThrowIfNull(statistics);
        var threshold = statistics.Count > 0 ? statistics[0].ValidThreshold : NounStatsConstants.DefaultValidThreshold;
        var sb = new StringBuilder();
        sb.Append("<table class=\"table1\">");
        sb.Append(Invariant($"<caption>VN: distinct nouns seen more than {threshold} times; DN: distinct nouns; Average: nouns per caption (image), empty captions included.</caption>"));
        sb.Append("<thead><tr>").AppendJoin("", Header.Select(h => $"<th>{h}</th>")).Append("</tr></thead><tbody>");
        foreach (var row in TableRows(statistics, includePaper))
        {
            sb.Append("<tr>").AppendJoin("", row.Select(cell => $"<td>{Html(cell)}</td>")).Append("</tr>");
        }

        return sb.Append("</tbody></table>").ToString();
    }

    /// <summary>Formats one CSV row per input (and per paper row when asked), full precision.</summary>
    /// <param name="statistics">One entry per input.</param>
    /// <param name="includePaper">Whether to add the paper's four reference rows.</param>
    /// <returns>The CSV text.</returns>
    public static string ToCsv(IReadOnlyList<NounStatistics> statistics, bool includePaper)
    {
        ArgumentNullException.ThrowIfNull(statistics);
        var sb = new StringBuilder();
        sb.AppendLine("dataset,source,captions,tokens,total_nouns,distinct_nouns,valid_nouns,valid_threshold,vn_dn,average_per_caption");
        foreach (var s in statistics)
        {
            sb.AppendLine(Invariant($"{Csv(s.Label)},measured,{s.Captions},{s.Tokens},{s.TotalNouns},{s.DistinctNouns},{s.ValidNouns},{s.ValidThreshold},{s.ValidRatio:R},{s.AveragePerCaption:R}"));
        }

        if (includePaper)
        {
            foreach (var p in PaperTable1Row.All)
            {
                sb.AppendLine(Invariant($"{Csv(p.Dataset)},paper,,,{p.TotalNouns},{p.DistinctNouns},{p.ValidNouns},10,{p.ValidRatioPercent / 100:R},{p.AveragePerImage:R}"));
            }
        }

        return sb.ToString();
    }

    /// <summary>Formats the statistics (and paper rows when asked) as JSON.</summary>
    /// <param name="statistics">One entry per input.</param>
    /// <param name="includePaper">Whether to add the paper's four reference rows.</param>
    /// <returns>The JSON text.</returns>
    public static string ToJson(IReadOnlyList<NounStatistics> statistics, bool includePaper)
    {
        ArgumentNullException.ThrowIfNull(statistics);
        var document = new Dictionary<string, object>
        {
            ["measured"] = statistics,
            ["paper"] = includePaper ? PaperTable1Row.All : Array.Empty<PaperTable1Row>(),
        };
        return JsonSerializer.Serialize(document, JsonOptions);
    }

    internal static async Task<List<string>> WriteAllAsync(string directory, IReadOnlyList<NounStatistics> statistics, NounStatsOptions options, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(directory);
        var files = new List<string>();
        foreach (var (name, content) in new[]
        {
            ("table1.md", ToMarkdown(statistics, options.IncludePaperReference, Math.Min(options.TopK, 20))),
            ("table1.csv", ToCsv(statistics, options.IncludePaperReference)),
            ("table1.json", ToJson(statistics, options.IncludePaperReference)),
        })
        {
            var path = Path.GetFullPath(Path.Combine(directory, name));
            await AtomicFile.WriteAllBytesAsync(path, Encoding.UTF8.GetBytes(content), cancellationToken).ConfigureAwait(false);
            files.Add(path);
        }

        return files;
    }

    /// <summary>Formats a count the way the paper does: 2461K, 72.0M.</summary>
    /// <param name="value">The count.</param>
    /// <returns>The compact text.</returns>
    public static string Compact(long value) => value switch
    {
        >= 10_000_000 => Invariant($"{value / 1e6:F1}M"),
        >= 10_000 => Invariant($"{Math.Round(value / 1e3)}K"),
        _ => value.ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>The comparison's cells, unescaped: one row per input, then the paper's rows when asked.</summary>
    private static IEnumerable<string[]> TableRows(IReadOnlyList<NounStatistics> statistics, bool includePaper)
    {
        foreach (var s in statistics)
        {
            yield return [s.Label, Invariant($"{s.Captions:N0}"), Invariant($"{Compact(s.ValidNouns)}/{Compact(s.DistinctNouns)} = {100 * s.ValidRatio:F1}%"), Compact(s.TotalNouns), Invariant($"{s.AveragePerCaption:F1}/img"), "measured"];
        }

        if (includePaper)
        {
            foreach (var p in PaperTable1Row.All)
            {
                yield return [p.Dataset, "≈11.2M", Invariant($"{Compact(p.ValidNouns)}/{Compact(p.DistinctNouns)} = {p.ValidRatioPercent:F1}%"), Compact(p.TotalNouns), Invariant($"{p.AveragePerImage:F1}/img"), "PixArt-α Table 1"];
            }
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private static string Html(string text) => System.Net.WebUtility.HtmlEncode(text);

    private static string Escape(string text) => text.Replace("|", "\\|", StringComparison.Ordinal);

    private static string Csv(string text) =>
        text.AsSpan().IndexOfAny(",\"\n") >= 0 ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : text;
}
