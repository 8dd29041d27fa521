using System.Text.Json;
using DataForge.NounStats.Counting;
using DataForge.NounStats.Reports;
using DataForge.TestUtils;

namespace DataForge.NounStats.Tests.Reports;

public sealed class Table1ReportTests
{
    [Fact]
    public void ToMarkdown_WithPaper_HasThePaperRowsVerbatim()
    {
        var markdown = Table1Report.ToMarkdown([Sample()], includePaper: true);

        // PixArt-α Table 1 as printed (pixart-alpha notes §1.1).
        Assert.Contains("| LAION | ≈11.2M | 210K/2461K = 8.5% | 72.0M | 6.4/img |", markdown, StringComparison.Ordinal);
        Assert.Contains("| LAION-LLaVA | ≈11.2M | 85K/646K = 13.3% | 233.9M | 20.9/img |", markdown, StringComparison.Ordinal);
        Assert.Contains("| SAM-LLaVA | ≈11.2M | 23K/124K = 18.6% | 327.9M | 29.3/img |", markdown, StringComparison.Ordinal);
        Assert.Contains("| Internal | ≈11.2M | 152K/582K = 26.1% | 136.6M | 12.2/img |", markdown, StringComparison.Ordinal);
        Assert.Contains("| mine | 4 | 1/3 = 33.3% | 24 | 6.0/img | measured |", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void ToCsv_WithoutPaper_HasHeaderAndOneRow()
    {
        var lines = Table1Report.ToCsv([Sample()], includePaper: false).TrimEnd().Split('\n');

        Assert.Equal(2, lines.Length);
        Assert.StartsWith("dataset,source,captions,tokens,total_nouns,distinct_nouns,valid_nouns", lines[0], StringComparison.Ordinal);
        Assert.StartsWith("mine,measured,4,63,24,3,1,10,", lines[1], StringComparison.Ordinal);
    }

    [Fact]
    public void ToJson_ParsesWithMeasuredAndPaper()
    {
        using var json = JsonDocument.Parse(Table1Report.ToJson([Sample()], includePaper: true));

        Assert.Equal(24, json.RootElement.GetProperty("measured")[0].GetProperty("TotalNouns").GetInt64());
        Assert.Equal(6.0, json.RootElement.GetProperty("measured")[0].GetProperty("AveragePerCaption").GetDouble());
        Assert.Equal(4, json.RootElement.GetProperty("paper").GetArrayLength());
    }

    [Fact]
    public void ToHtml_HasTheMarkdownNumbers_ThePaperRows_AndEscapesLabels()
    {
        var sample = Sample() with { Label = "mine <alt>" };

        var html = Table1Report.ToHtml([sample], includePaper: true);

        Assert.StartsWith("<table class=\"table1\">", html, StringComparison.Ordinal);
        Assert.Contains("<th>Dataset</th><th>Captions</th><th>VN/DN</th><th>Total nouns</th><th>Average</th><th>Source</th><th>VN@100K nouns</th>", html, StringComparison.Ordinal);
        Assert.Contains("<tr><td>mine &lt;alt&gt;</td><td>4</td><td>1/3 = 33.3%</td><td>24</td><td>6.0/img</td><td>measured</td><td>n/a</td></tr>", html, StringComparison.Ordinal);
        Assert.Contains("<tr><td>LAION-LLaVA</td><td>≈11.2M</td><td>85K/646K = 13.3%</td><td>233.9M</td><td>20.9/img</td><td>PixArt-α Table 1 †</td><td>–</td></tr>", html, StringComparison.Ordinal);
        Assert.Contains("† VN grows with corpus size", html, StringComparison.Ordinal);
        Assert.DoesNotContain("LAION", Table1Report.ToHtml([sample], includePaper: false), StringComparison.Ordinal);
    }

    [Fact]
    public void Reports_SayHowTheyWereMade()
    {
        var provenance = new NounStatsProvenance(
            "Common", "Surface", "Nfc", 10, IncludeFailedRows: false, 100_000, "shipped (en_ewt_tagger.bin)", "ab12cd", "9.9.9-test",
            [new InputProvenance("mine", "/data/mine.parquet", "Parquet", "TEXT", 1, "f00d")],
            NounStatsProvenance.DescribeTextCleaning(webText: false, codesAsNouns: true));
        var sample = Sample() with { LeftOutRows = 7 };

        var markdown = Table1Report.ToMarkdown([sample], includePaper: true, provenance: provenance);
        var csv = Table1Report.ToCsv([sample], includePaper: true, provenance).Split('\n');
        using var json = JsonDocument.Parse(Table1Report.ToJson([sample], includePaper: true, provenance));
        var html = Table1Report.ToHtml([sample], includePaper: true, provenance);

        foreach (var text in new[] { markdown, html })
        {
            foreach (var expected in new[] { "Common", "Surface", "more than 10", "sha256 ab12cd", "DataForge 9.9.9-test", "fingerprint f00d", "/data/mine.parquet", "7 rows left out", "VN grows with corpus size", "Text cleaning: web text not cleaned" })
            {
                Assert.Contains(expected, text, StringComparison.Ordinal);
            }
        }

        var header = csv[0].Split(',');
        var row = csv[1].Split(',');
        string Cell(string column) => row[Array.IndexOf(header, column)];
        Assert.Equal("Common", Cell("noun_definition"));
        Assert.Equal("Surface", Cell("key_form"));
        Assert.Equal("ab12cd", Cell("tagger_sha256"));
        Assert.Equal("f00d", Cell("input_fingerprint"));
        Assert.Equal("9.9.9-test", Cell("dataforge_version"));
        Assert.Equal("web text not cleaned (--no-web-text); codes and measurements counted as nouns (--codes-as-nouns)", Cell("text_cleaning"));
        Assert.Equal("7", Cell("left_out_rows"));
        Assert.Contains("VN grows with corpus size", csv[2], StringComparison.Ordinal); // the first paper row's note
        var recorded = json.RootElement.GetProperty("provenance");
        Assert.Equal("Common", recorded.GetProperty("Definition").GetString());
        Assert.Equal("ab12cd", recorded.GetProperty("TaggerSha256").GetString());
        Assert.Equal("f00d", recorded.GetProperty("Inputs")[0].GetProperty("Fingerprint").GetString());
        Assert.Equal(7, json.RootElement.GetProperty("measured")[0].GetProperty("LeftOutRows").GetInt64());
        Assert.Contains("VN grows with corpus size", json.RootElement.GetProperty("paper_note").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Plots_HaveOneLinePerInput()
    {
        var statistics = new[] { Sample(), Sample() with { Label = "other" } };

        Assert.Equal(2, NounStatsPlots.RankFrequency(statistics).GetPlottables().Count());
        Assert.Equal(2, NounStatsPlots.NounsPerCaption(statistics, histogramMax: 30).GetPlottables().Count());
    }

    [Fact]
    public void WriteAll_Plots_ArePngFiles()
    {
        using var temp = new TempDirectory();

        var files = NounStatsPlots.WriteAll(temp.Path, [Sample()], histogramMax: 30);

        Assert.Equal(2, files.Count);
        foreach (var file in files)
        {
            var bytes = File.ReadAllBytes(file);
            Assert.True(bytes.Length > 5_000, $"{file} is only {bytes.Length} bytes");
            Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], bytes[..4]);
        }
    }

    private static NounStatistics Sample()
    {
        var tally = new NounTally();
        tally.AddNoun("dog", 11);
        tally.AddNoun("cat", 10);
        tally.AddNoun("bird", 3);
        tally.AddCaption(20, 50);
        tally.AddCaption(4, 10);
        tally.AddCaption(0, 0);
        tally.AddCaption(0, 3);
        return tally.Summarize("mine");
    }
}
