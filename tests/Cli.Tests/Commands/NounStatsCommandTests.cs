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
            "--input", SharedData.Path("laion", "test_1000.parquet"), "--column", "TEXT", "--label", "LAION alt-text",
            "--input", SharedData.Path("captions", "derived_detail_captions.jsonl"), "--column", "caption", "--label", "dense",
            "--out", dir.Path);

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
        var (code, _, error) = await CliRun.RunAsync("nounstats", "--out", "x");
        Assert.Equal(Core.Errors.ExitCodes.Usage, code);
        Assert.Contains("--input", error, StringComparison.Ordinal);
    }
}
