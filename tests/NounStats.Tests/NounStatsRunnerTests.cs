using System.Text.Json;
using DataForge.Core.Errors;
using DataForge.Core.Shards;
using DataForge.NounStats.Counting;
using DataForge.NounStats.Inputs;
using DataForge.TestUtils;

namespace DataForge.NounStats.Tests;

public sealed class NounStatsRunnerTests
{
    [SharedDataFact]
    public async Task RunAsync_LaionAndDenseCaptions_GivesPlausibleTable1()
    {
        using var temp = new TempDirectory();
        var options = new NounStatsOptions { OutputDirectory = temp.Path, Parallelism = 2 };
        options.Inputs.Add(new CaptionInput { Path = NounStatsTestData.LaionTest1000, Column = "TEXT", Label = "LAION test_1000" });
        options.Inputs.Add(new CaptionInput { Path = NounStatsTestData.DenseCaptions, Column = "caption", Label = "dense" });

        var report = await NounStatsRunner.RunAsync(options);

        var laion = report.Statistics[0];
        var dense = report.Statistics[1];
        Assert.Equal(1000, laion.Captions); // rows of the file, empty captions included
        Assert.Equal(30, dense.Captions);

        // Reference (NounStats notes §5): an NLTK-style NOUN+PROPN count gives 5.65 nouns per LAION alt-text and
        // 22.6 per GPT-4 detail caption; PixArt-α reports 6.4 (LAION) and 20.9–29.3 (LLaVA captions).
        Assert.InRange(laion.AveragePerCaption, 5.0, 6.5);
        Assert.InRange(dense.AveragePerCaption, 20.0, 25.5);
        Assert.Equal(laion.TotalNouns, laion.NounsPerCaptionHistogram.Select((captions, nouns) => captions * nouns).Sum());
        Assert.InRange(laion.ValidRatio, 0.001, 0.05); // 1,000 short alt-texts: almost every noun is rare
        Assert.True(dense.ValidRatio > laion.ValidRatio, "dense captions reuse their nouns more than alt-texts do");
        Assert.Contains(dense.TopNouns.Take(5), n => n.Noun == "image");

        foreach (var name in new[] { "table1.md", "table1.csv", "table1.json", "rank_frequency.png", "nouns_per_caption.png" })
        {
            Assert.Contains(report.Files, f => Path.GetFileName(f) == name);
        }

        var partials = Directory.GetDirectories(temp.Combine("partials")).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(2, partials.Length);
        Assert.Equal(["test_1000"], NounPartialStore.ListUnits(partials[0]));
    }

    [SharedDataFact]
    public async Task RunAsync_Rerun_ReusesPartialsAndGivesSameNumbers()
    {
        using var temp = new TempDirectory();
        var options = new NounStatsOptions { OutputDirectory = temp.Path, WritePlots = false };
        options.Inputs.Add(new CaptionInput { Path = NounStatsTestData.DenseCaptions, Column = "caption" });
        var reused = new List<bool>();

        var first = await NounStatsRunner.RunAsync(options);
        var second = await NounStatsRunner.RunAsync(options, new SynchronousProgress(p => reused.Add(p.Reused)));

        Assert.Equal([true], reused);
        Assert.Equal(first.Statistics[0].TotalNouns, second.Statistics[0].TotalNouns);
        Assert.Equal(first.Statistics[0].TopNouns, second.Statistics[0].TopNouns);
    }

    [Fact]
    public async Task RunAsync_ShardFolder_ReadsOnlyDoneShards()
    {
        using var temp = new TempDirectory();
        var shards = new ShardSet(temp.Combine("shards"));
        await CaptionShards.WriteAsync(shards, 0, ["Two dogs play in the park.", null, ""], done: true);
        await CaptionShards.WriteAsync(shards, 1, ["A cat sleeps on a sofa."], done: true);
        await CaptionShards.WriteAsync(shards, 2, ["An interrupted shard with many many words and nouns."], done: false);
        var options = new NounStatsOptions { OutputDirectory = temp.Combine("report"), WritePlots = false };
        options.Inputs.Add(new CaptionInput { Path = shards.Directory, Column = "caption" });

        var stats = (await NounStatsRunner.RunAsync(options)).Statistics[0];

        Assert.Equal(4, stats.Captions);
        Assert.Equal(4, stats.TotalNouns); // dogs, park, cat, sofa
        Assert.Equal(2, stats.NounsPerCaptionHistogram[0]);
    }

    [Fact]
    public async Task RunAsync_ShardFolderAndParquetFile_ProgressCountsRowsAgainstTheMetadataTotal()
    {
        using var temp = new TempDirectory();
        var shards = new ShardSet(temp.Combine("shards"));
        await CaptionShards.WriteAsync(shards, 0, ["Two dogs play.", null, ""]);
        // A row ingest failed is left out of the counts but is still a row read, so the bar reaches its total.
        await CaptionShards.WriteAsync(shards, 1, [ShardColumn.Of("caption", new string?[] { "A cat.", "A bird." }), ShardColumn.Of(ShardColumns.Status, new string?[] { RowStatus.Success, RowStatus.FailedToDownload })]);
        await CaptionShards.WriteAsync(shards, 2, ["An unfinished shard is not read."], done: false);
        var options = new NounStatsOptions { OutputDirectory = temp.Combine("report"), WritePlots = false };
        options.Inputs.Add(new CaptionInput { Path = shards.Directory, Column = "caption" });
        options.Inputs.Add(new CaptionInput { Path = shards.DataPath(0), Column = "caption" });
        var reports = new List<NounStatsProgress>();

        await NounStatsRunner.RunAsync(options, new SynchronousProgress(reports.Add));

        // 3 + 2 rows in the finished shards, then the 3 rows of the single file.
        Assert.Equal([3L, 5L, 8L], reports.Select(r => r.Rows));
        Assert.All(reports, r => Assert.Equal(8L, r.TotalRows));
    }

    [Fact]
    public async Task RunAsync_TextInput_ProgressHasNoTotal()
    {
        using var temp = new TempDirectory();
        var text = temp.Combine("captions.txt");
        await File.WriteAllLinesAsync(text, ["A dog.", "Two birds on a wire."]);
        var options = new NounStatsOptions { OutputDirectory = temp.Combine("report"), WritePlots = false };
        options.Inputs.Add(new CaptionInput { Path = text });
        var reports = new List<NounStatsProgress>();

        await NounStatsRunner.RunAsync(options, new SynchronousProgress(reports.Add));

        var last = Assert.Single(reports);
        Assert.Equal((2L, (long?)null), (last.Rows, last.TotalRows));
    }

    [Fact]
    public async Task RunAsync_TextAndJsonl_CountsEveryCaptionAndSkipsBlankLines()
    {
        using var temp = new TempDirectory();
        var text = temp.Combine("captions.txt");
        await File.WriteAllLinesAsync(text, ["A dog.", "", "Two birds on a wire."]);
        var jsonl = temp.Combine("captions.jsonl");
        await File.WriteAllLinesAsync(jsonl, ["{\"caption\": \"A red apple.\"}", "", "{\"caption\": null}"]);
        var options = new NounStatsOptions { OutputDirectory = temp.Combine("report"), WritePlots = false, IncludePaperReference = false };
        options.Inputs.Add(new CaptionInput { Path = text });
        options.Inputs.Add(new CaptionInput { Path = jsonl, Column = "caption" });

        var report = await NounStatsRunner.RunAsync(options);

        Assert.Equal(3, report.Statistics[0].TotalNouns); // dog, birds, wire
        Assert.Equal(2, report.Statistics[0].Captions); // the blank line is no caption
        Assert.Equal(2, report.Statistics[1].Captions); // a null caption is a caption without nouns
        Assert.Equal(1, report.Statistics[1].TotalNouns);
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(temp.Combine("report", "table1.json")));
        Assert.Equal(0, json.RootElement.GetProperty("paper").GetArrayLength());
    }

    [Fact]
    public void Validate_NoInputs_Throws()
    {
        var error = Assert.Throws<OptionsValidationException>(new NounStatsOptions().Validate);

        Assert.Equal("--input", error.OptionName);
    }

    [Fact]
    public void Validate_NegativeThreshold_Throws()
    {
        var options = new NounStatsOptions { ValidThreshold = -1 };
        options.Inputs.Add(new CaptionInput { Path = RepoPaths.Combine("DataForge.sln") });

        Assert.Equal("--threshold", Assert.Throws<OptionsValidationException>(options.Validate).OptionName);
    }
}
