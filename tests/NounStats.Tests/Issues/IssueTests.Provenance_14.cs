using System.Security.Cryptography;
using System.Text.Json;
using System.Xml.Linq;
using DataForge.Core.Shards;
using DataForge.NounStats.Inputs;
using DataForge.TestUtils;

namespace DataForge.NounStats.Tests.Issues;

public sealed partial class IssueTests
{
    [Fact]
    public async Task Report_NamesTaggerHashVersionSettingsAndInputFingerprint()
    {
        using var temp = new TempDirectory();
        var text = temp.Combine("captions.txt");
        await File.WriteAllLinesAsync(text, ["A dog on a sofa."]);
        var options = Options(temp.Combine("report"), new CaptionInput { Path = text, Label = "mine" });
        var expectedSha = Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(NounStatsTestData.ShippedModel)));
        var version = XDocument.Load(RepoPaths.Combine("Directory.Build.props")).Descendants("Version").Single().Value;

        await NounStatsRunner.RunAsync(options);
        using var first = JsonDocument.Parse(await File.ReadAllTextAsync(temp.Combine("report", "table1.json")));
        await File.WriteAllLinesAsync(text, ["A cat on a sofa."]);
        await NounStatsRunner.RunAsync(options);
        using var second = JsonDocument.Parse(await File.ReadAllTextAsync(temp.Combine("report", "table1.json")));
        var markdown = await File.ReadAllTextAsync(temp.Combine("report", "table1.md"));

        var provenance = first.RootElement.GetProperty("provenance");
        Assert.Equal(expectedSha, provenance.GetProperty("TaggerSha256").GetString());
        Assert.StartsWith(version, provenance.GetProperty("DataForgeVersion").GetString(), StringComparison.Ordinal);
        Assert.Equal("All", provenance.GetProperty("Definition").GetString());
        Assert.Equal("Lemma", provenance.GetProperty("KeyForm").GetString());
        Assert.Equal(0, provenance.GetProperty("ValidThreshold").GetInt32());
        var input = provenance.GetProperty("Inputs")[0];
        Assert.Equal(Path.GetFullPath(text), input.GetProperty("Path").GetString());
        Assert.NotEqual(input.GetProperty("Fingerprint").GetString(), second.RootElement.GetProperty("provenance").GetProperty("Inputs")[0].GetProperty("Fingerprint").GetString());
        Assert.Contains($"sha256 {expectedSha}", markdown, StringComparison.Ordinal);
        Assert.Contains("Noun definition: All; key: Lemma", markdown, StringComparison.Ordinal);
        Assert.Contains(second.RootElement.GetProperty("provenance").GetProperty("Inputs")[0].GetProperty("Fingerprint").GetString()!, markdown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FailedRows_IncludeFailedRows_CountsThemAndRecountsThePartial()
    {
        using var temp = new TempDirectory();
        var jsonl = temp.Combine("captions.jsonl");
        await File.WriteAllLinesAsync(jsonl,
        [
            "{\"caption\": \"A dog.\", \"status\": \"success\"}",
            "{\"caption\": null, \"status\": \"failed_to_download\"}",
            "{\"caption\": \"A cat.\", \"caption_status\": \"success\"}",
        ]);
        var options = Options(temp.Combine("report"), new CaptionInput { Path = jsonl, Column = "caption" });

        var leftOut = (await NounStatsRunner.RunAsync(options)).Statistics[0];
        options.IncludeFailedRows = true;
        var all = (await NounStatsRunner.RunAsync(options)).Statistics[0];

        Assert.Equal((2, 1L, 1.0), (leftOut.Captions, leftOut.LeftOutRows, leftOut.AveragePerCaption));
        Assert.Equal((3, 0L), (all.Captions, all.LeftOutRows));
        Assert.Equal(2.0 / 3, all.AveragePerCaption, 12);
    }

    [Fact]
    public async Task Report_SameCaptionsInAnotherFolder_GiveTheSameCsv()
    {
        // A cluster run and a local run of the same pipeline write their shards to different folders at different
        // times; their reports must still agree, fingerprints included.
        using var temp = new TempDirectory();
        var here = new ShardSet(temp.Combine("here"));
        await CaptionShards.WriteAsync(here, 0, ["Two dogs play in the park.", null]);
        await CaptionShards.WriteAsync(here, 1, ["A cat sleeps on a sofa."]);
        Directory.CreateDirectory(temp.Combine("there"));
        foreach (var file in Directory.GetFiles(here.Directory))
        {
            File.Copy(file, temp.Combine("there", Path.GetFileName(file)));
        }

        await NounStatsRunner.RunAsync(Options(temp.Combine("report-here"), new CaptionInput { Path = here.Directory, Label = "alt" }));
        await NounStatsRunner.RunAsync(Options(temp.Combine("report-there"), new CaptionInput { Path = temp.Combine("there"), Label = "alt" }));

        Assert.Equal(
            await File.ReadAllTextAsync(temp.Combine("report-here", "table1.csv")),
            await File.ReadAllTextAsync(temp.Combine("report-there", "table1.csv")));
    }
}
