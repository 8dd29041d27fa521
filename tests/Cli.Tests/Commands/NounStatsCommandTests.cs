using DataForge.Core.Shards;
using DataForge.TestUtils;

namespace DataForge.Cli.Tests.Commands;

public sealed class NounStatsCommandTests
{
    [SharedDataFact]
    public async Task NounStats_TwoInputsSideBySide_WritesTableAndPlots()
    {
        using var dir = new TempDirectory();
        var (code, output, error) = await CliRun.RunAsync(
            "nounstats",
            "--input", SharedData.Path("laion", "test_1000.parquet"), "--caption-column", "TEXT", "--label", "LAION alt-text",
            "--input", SharedData.Path("captions", "derived_detail_captions.jsonl"), "--caption-column", "caption", "--label", "dense",
            "--output", dir.Path);

        Assert.True(code == 0, error);
        var markdown = await File.ReadAllTextAsync(dir.Combine("table1.md"));
        Assert.Contains("LAION alt-text", markdown, StringComparison.Ordinal);
        Assert.Contains("dense", markdown, StringComparison.Ordinal);
        foreach (var file in new[] { "table1.csv", "table1.json", "rank_frequency.png", "nouns_per_caption.png" })
        {
            Assert.True(new FileInfo(dir.Combine(file)).Length > 100, file);
            Assert.Contains(file, output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task NounStats_MissingInput_IsUsageError()
    {
        var (code, _, error) = await CliRun.RunAsync("nounstats", "--output", "x");
        Assert.Equal(Core.Errors.ExitCodes.Usage, code);
        Assert.Contains("--input", error, StringComparison.Ordinal);
    }

    [SharedDataFact]
    public async Task NounStats_ParquetWithoutTheColumn_IsUsageError()
    {
        using var dir = new TempDirectory();
        var (code, _, error) = await CliRun.RunAsync(
            "nounstats", "--input", SharedData.Path("laion", "test_1000.parquet"), "--caption-column", "caption", "--output", dir.Path);

        Assert.Equal(Core.Errors.ExitCodes.Usage, code);
        Assert.Contains("--caption-column", error, StringComparison.Ordinal);
        Assert.Contains("TEXT", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NounStats_ShardFolderWithoutFinishedShards_IsUsageError()
    {
        using var dir = new TempDirectory();
        var shards = new ShardSet(dir.Combine("shards"));
        await ShardFileWriter.WriteTableAsync(shards.DataPath(0), new ShardTable([ShardColumn.Of("caption", new string?[] { "A dog." })]));

        var (code, output, error) = await CliRun.RunAsync("nounstats", "--input", shards.Directory, "--output", dir.Combine("report"));

        Assert.Equal(Core.Errors.ExitCodes.Usage, code);
        Assert.Contains($"no finished shards in {shards.Directory}: 1 .parquet files without _stats.json", error, StringComparison.Ordinal);
        Assert.DoesNotContain("table1.md", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NounStats_FailedRows_AreLeftOutAndSaidSo_UnlessAskedFor()
    {
        using var dir = new TempDirectory();
        var shards = new ShardSet(dir.Combine("shards"));
        await ShardFileWriter.WriteTableAsync(shards.DataPath(0), new ShardTable(
        [
            ShardColumn.Of("caption", new string?[] { "A dog.", null, "A cat." }),
            ShardColumn.Of("status", new string?[] { "success", "failed_to_download", "success" }),
        ]));
        await shards.MarkDoneAsync(0, new ShardStats());

        var (code, output, error) = await CliRun.RunAsync("nounstats", "--input", shards.Directory, "--label", "alt", "--output", dir.Combine("a"), "--plots", "false");
        var (allCode, allOutput, _) = await CliRun.RunAsync("nounstats", "--input", shards.Directory, "--label", "alt", "--output", dir.Combine("b"), "--plots", "false", "--include-failed-rows");

        Assert.True(code == 0, error);
        Assert.Contains("alt: 2 captions counted; 1 rows left out (status not success; --include-failed-rows counts them)", output, StringComparison.Ordinal);
        Assert.Contains("1 rows left out", await File.ReadAllTextAsync(dir.Combine("a", "table1.md")), StringComparison.Ordinal);
        Assert.Equal(0, allCode);
        Assert.Contains("alt: 3 captions counted", allOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("left out", allOutput, StringComparison.Ordinal);
    }

    [SharedDataFact]
    public async Task Evaluate_EwtTestJson_PrintsTheScoresOfTheTestApi()
    {
        var treebank = SharedData.Path("ud", "UD_English-EWT", "en_ewt-ud-test.conllu");

        var (code, output, error) = await CliRun.RunAsync("nounstats", "evaluate", "--treebank", treebank, "--json");

        Assert.True(code == 0, error);
        using var json = System.Text.Json.JsonDocument.Parse(output);
        var direct = NounStats.Evaluation.TreebankEvaluation.ScoreTagger(NounStats.Tagging.PosTagger.Default, treebank);
        Assert.Equal(25_094, json.RootElement.GetProperty("words").GetInt32());
        Assert.Equal(direct.UposAccuracy, json.RootElement.GetProperty("upos_accuracy").GetDouble());
        Assert.Equal(direct.NounLemmaAccuracy, json.RootElement.GetProperty("noun_lemma_accuracy").GetDouble());
        Assert.Equal(direct.ProperNoun.Recall, json.RootElement.GetProperty("propn").GetProperty("recall").GetDouble());
        Assert.True(json.RootElement.GetProperty("raw_text_nouns").GetProperty("f1").GetDouble() > 90);
    }

    [Fact]
    public async Task Evaluate_MissingTreebank_IsUsageError()
    {
        var (code, output, error) = await CliRun.RunAsync("nounstats", "evaluate", "--treebank", "/nonexistent/test.conllu");

        Assert.Equal(Core.Errors.ExitCodes.Usage, code);
        Assert.Contains("--treebank", error, StringComparison.Ordinal);
        Assert.DoesNotContain("UPOS", output, StringComparison.Ordinal);
    }
}
