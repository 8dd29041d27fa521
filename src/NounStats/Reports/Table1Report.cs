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
    /// <summary>The caveat every comparison with the paper's rows carries.</summary>
    public const string SizeCaveat =
        "VN grows with corpus size (10 copies of the same 10k captions give 6.5x the VN), and the paper's rows count about 11.2M images each: "
        + "compare VN only between corpora of similar size; VN@M (the expected VN of a random sample of M nouns) does not grow with size.";

    private static readonly string[] Header = ["Dataset", "Captions", "VN/DN", "Total nouns", "Average", "Source", "VN@M"];

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
    };

    /// <summary>Formats the Markdown table plus a top-nouns section per input.</summary>
    /// <param name="statistics">One entry per input.</param>
    /// <param name="includePaper">Whether to add the paper's four reference rows.</param>
    /// <param name="topK">How many top nouns to list per input.</param>
    /// <param name="provenance">How the numbers were made, printed as the footer; <see langword="null"/> when unknown.</param>
    /// <returns>The Markdown text.</returns>
    public static string ToMarkdown(IReadOnlyList<NounStatistics> statistics, bool includePaper, int topK = 10, NounStatsProvenance? provenance = null)
    {
        ArgumentNullException.ThrowIfNull(statistics);
        var sb = new StringBuilder();
        var threshold = statistics.Count > 0 ? statistics[0].ValidThreshold : NounStatsConstants.DefaultValidThreshold;
        sb.AppendLine("| " + string.Join(" | ", Header.Select(h => HeaderText(h, statistics))) + " |");
        sb.AppendLine("|---|---:|---|---:|---:|---|---:|");
        foreach (var row in TableRows(statistics, includePaper))
        {
            sb.AppendLine("| " + string.Join(" | ", row.Select(Escape)) + " |");
        }

        sb.AppendLine();
        sb.AppendLine(Invariant($"VN: distinct nouns appearing more than {threshold} times; DN: distinct nouns; Average: nouns per caption (image), empty captions included; VN@M: expected VN of a uniform random sample of M noun occurrences (n/a when an input has fewer nouns)."));
        foreach (var s in statistics.Where(s => s.LeftOutRows > 0))
        {
            sb.AppendLine();
            sb.AppendLine(Invariant($"{Escape(s.Label)}: {s.LeftOutRows:N0} rows left out because their status is not success ({s.Captions:N0} counted); --include-failed-rows counts them."));
        }

        if (includePaper)
        {
            sb.AppendLine();
            sb.AppendLine("† " + SizeCaveat);
        }

        foreach (var s in statistics)
        {
            sb.AppendLine();
            sb.AppendLine(Invariant($"### Top nouns: {Escape(s.Label)}"));
            sb.AppendLine();
            sb.AppendLine(string.Join(", ", s.TopNouns.Take(topK).Select(n => Invariant($"{n.Noun} ({n.Count:N0})"))));
        }

        sb.AppendLine();
        sb.AppendLine("---");
        sb.AppendLine();
        sb.Append(ProvenanceText(provenance, "- "));
        return sb.ToString();
    }

    /// <summary>Formats how the numbers were made as lines, each starting with <paramref name="bullet"/>.</summary>
    /// <param name="provenance">The provenance, or <see langword="null"/> when unknown.</param>
    /// <param name="bullet">Line prefix (<c>- </c> for Markdown, <c># </c> for comments).</param>
    /// <returns>The text, one line per item.</returns>
    public static string ProvenanceText(NounStatsProvenance? provenance, string bullet)
    {
        ArgumentNullException.ThrowIfNull(bullet);
        var sb = new StringBuilder();
        if (provenance is null)
        {
            return sb.AppendLine(bullet + "How these numbers were made was not recorded.").ToString();
        }

        var p = provenance;
        sb.AppendLine(Invariant($"{bullet}Made by DataForge {p.DataForgeVersion}"));
        sb.AppendLine(Invariant($"{bullet}Noun definition: {p.Definition}; key: {p.KeyForm}; normalization: {p.Normalization}; VN threshold: more than {p.ValidThreshold}; VN@M sample: {p.SampleNouns:N0} nouns"));
        sb.AppendLine(Invariant($"{bullet}Failed rows: {p.FailedRows}"));
        sb.AppendLine(Invariant($"{bullet}Text cleaning: {p.TextCleaning}"));
        sb.AppendLine(Invariant($"{bullet}Tagger model: {p.TaggerModel}, sha256 {p.TaggerSha256}"));
        foreach (var input in p.Inputs)
        {
            sb.AppendLine(Invariant($"{bullet}Input {input.Label}: {input.Path} ({input.Kind}{(input.Column.Length > 0 ? ", column " + input.Column : string.Empty)}, {input.Units} units), fingerprint {input.Fingerprint}"));
        }

        return sb.ToString();
    }

    /// <summary>
    /// Formats the comparison as an HTML table (<c>class="table1"</c>) with the Markdown table's columns and numbers:
    /// one row per input, then the paper's four rows when asked, and the VN threshold in the caption.
    /// </summary>
    /// <param name="statistics">One entry per input.</param>
    /// <param name="includePaper">Whether to add the paper's four reference rows.</param>
    /// <param name="provenance">How the numbers were made, printed in the table's footer; <see langword="null"/> when unknown.</param>
    /// <returns>The HTML fragment.</returns>
    public static string ToHtml(IReadOnlyList<NounStatistics> statistics, bool includePaper, NounStatsProvenance? provenance = null)
    {
        ArgumentNullException.ThrowIfNull(statistics);
        var threshold = statistics.Count > 0 ? statistics[0].ValidThreshold : NounStatsConstants.DefaultValidThreshold;
        var sb = new StringBuilder();
        sb.Append("<table class=\"table1\">");
        sb.Append(Invariant($"<caption>VN: distinct nouns seen more than {threshold} times; DN: distinct nouns; Average: nouns per caption (image), empty captions included; VN@M: expected VN of a random sample of M nouns.</caption>"));
        sb.Append("<thead><tr>").AppendJoin("", Header.Select(h => $"<th>{Html(HeaderText(h, statistics))}</th>")).Append("</tr></thead><tbody>");
        foreach (var row in TableRows(statistics, includePaper))
        {
            sb.Append("<tr>").AppendJoin("", row.Select(cell => $"<td>{Html(cell)}</td>")).Append("</tr>");
        }

        sb.Append("</tbody><tfoot><tr><td colspan=\"").Append(Header.Length).Append("\"><small>");
        var notes = statistics.Where(s => s.LeftOutRows > 0)
            .Select(s => Invariant($"{s.Label}: {s.LeftOutRows:N0} rows left out because their status is not success."))
            .Concat(includePaper ? ["† " + SizeCaveat] : [])
            .Concat(ProvenanceText(provenance, string.Empty).TrimEnd().Split('\n'));
        sb.AppendJoin("<br/>", notes.Select(Html));
        return sb.Append("</small></td></tr></tfoot></table>").ToString();
    }

    /// <summary>Formats one CSV row per input (and per paper row when asked), full precision.</summary>
    /// <param name="statistics">One entry per input.</param>
    /// <param name="includePaper">Whether to add the paper's four reference rows.</param>
    /// <param name="provenance">How the numbers were made, in columns of every measured row; <see langword="null"/> leaves them empty.</param>
    /// <returns>The CSV text.</returns>
    /// <remarks>
    /// How the numbers were made is in columns rather than comment lines, so any CSV reader keeps it with the row:
    /// <c>noun_definition</c>, <c>key_form</c>, <c>normalization</c>, <c>failed_rows</c>, <c>tagger_model</c>,
    /// <c>tagger_sha256</c>, <c>input_fingerprint</c>, <c>dataforge_version</c>; the paper's rows carry the size caveat in <c>note</c>.
    /// </remarks>
    public static string ToCsv(IReadOnlyList<NounStatistics> statistics, bool includePaper, NounStatsProvenance? provenance = null)
    {
        ArgumentNullException.ThrowIfNull(statistics);
        var sb = new StringBuilder();
        sb.AppendLine("dataset,source,captions,tokens,total_nouns,distinct_nouns,valid_nouns,valid_threshold,vn_dn,average_per_caption,"
            + "left_out_rows,vn_sample_nouns,vn_at_sample,noun_definition,key_form,normalization,failed_rows,tagger_model,tagger_sha256,input_fingerprint,dataforge_version,text_cleaning,note");
        var p = provenance;
        foreach (var s in statistics)
        {
            var input = p?.Inputs.FirstOrDefault(i => i.Label == s.Label);
            sb.AppendLine(Invariant($"{Csv(s.Label)},measured,{s.Captions},{s.Tokens},{s.TotalNouns},{s.DistinctNouns},{s.ValidNouns},{s.ValidThreshold},{s.ValidRatio:R},{s.AveragePerCaption:R},")
                + Invariant($"{s.LeftOutRows},{s.SampleNouns},{s.ValidNounsAtSample:R},")
                + string.Join(',', new[] { p?.Definition, p?.KeyForm, p?.Normalization, p?.FailedRows, p?.TaggerModel, p?.TaggerSha256, input?.Fingerprint, p?.DataForgeVersion, p?.TextCleaning, string.Empty }.Select(v => Csv(v ?? string.Empty))));
        }

        if (includePaper)
        {
            foreach (var row in PaperTable1Row.All)
            {
                sb.AppendLine(Invariant($"{Csv(row.Dataset)},paper,,,{row.TotalNouns},{row.DistinctNouns},{row.ValidNouns},10,{row.ValidRatioPercent / 100:R},{row.AveragePerImage:R},,,,,,,,,,,,,{Csv(SizeCaveat)}"));
            }
        }

        return sb.ToString();
    }

    /// <summary>Formats the statistics (and paper rows when asked) as JSON.</summary>
    /// <param name="statistics">One entry per input.</param>
    /// <param name="includePaper">Whether to add the paper's four reference rows.</param>
    /// <param name="provenance">How the numbers were made (<c>provenance</c>); <see langword="null"/> writes null.</param>
    /// <returns>The JSON text.</returns>
    public static string ToJson(IReadOnlyList<NounStatistics> statistics, bool includePaper, NounStatsProvenance? provenance = null)
    {
        ArgumentNullException.ThrowIfNull(statistics);
        var document = new Dictionary<string, object?>
        {
            ["measured"] = statistics,
            ["paper"] = includePaper ? PaperTable1Row.All : Array.Empty<PaperTable1Row>(),
            ["paper_note"] = includePaper ? SizeCaveat : null,
            ["provenance"] = provenance,
        };
        return JsonSerializer.Serialize(document, JsonOptions);
    }

    internal static async Task<List<string>> WriteAllAsync(string directory, IReadOnlyList<NounStatistics> statistics, NounStatsProvenance provenance, NounStatsOptions options, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(directory);
        var files = new List<string>();
        foreach (var (name, content) in new[]
        {
            ("table1.md", ToMarkdown(statistics, options.IncludePaperReference, Math.Min(options.TopK, 20), provenance)),
            ("table1.csv", ToCsv(statistics, options.IncludePaperReference, provenance)),
            ("table1.json", ToJson(statistics, options.IncludePaperReference, provenance)),
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
            var atSample = s.ValidNounsAtSample is { } v ? Invariant($"{v:N1}") : "n/a";
            yield return [s.Label, Invariant($"{s.Captions:N0}"), Invariant($"{Compact(s.ValidNouns)}/{Compact(s.DistinctNouns)} = {100 * s.ValidRatio:F1}%"), Compact(s.TotalNouns), Invariant($"{s.AveragePerCaption:F1}/img"), "measured", atSample];
        }

        if (includePaper)
        {
            foreach (var p in PaperTable1Row.All)
            {
                yield return [p.Dataset, "≈11.2M", Invariant($"{Compact(p.ValidNouns)}/{Compact(p.DistinctNouns)} = {p.ValidRatioPercent:F1}%"), Compact(p.TotalNouns), Invariant($"{p.AveragePerImage:F1}/img"), "PixArt-α Table 1 †", "–"];
            }
        }
    }

    private static string HeaderText(string header, IReadOnlyList<NounStatistics> statistics) =>
        header == "VN@M" && statistics.Count > 0 ? "VN@" + Compact(statistics[0].SampleNouns) + " nouns" : header;

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private static string Html(string text) => System.Net.WebUtility.HtmlEncode(text);

    private static string Escape(string text) => text.Replace("|", "\\|", StringComparison.Ordinal);

    private static string Csv(string text) =>
        text.AsSpan().IndexOfAny(",\"\n") >= 0 ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : text;
}
