using System.Text.Json;
using DataForge.NounStats.Counting;
using DataForge.NounStats.Inputs;
using DataForge.TestUtils;

namespace DataForge.NounStats.Tests.Issues;

public sealed partial class IssueTests
{
    [Fact]
    public async Task LemmaAllKey_MergesTitleCaseProperNounsAndSaysWhichKeyWasUsed()
    {
        using var temp = new TempDirectory();
        var text = temp.Combine("captions.txt");
        await File.WriteAllLinesAsync(text, ["Red Roses Bouquet", "a rose in a vase"]);
        var lemma = Options(temp.Combine("lemma"), new CaptionInput { Path = text, Label = "alt" });
        var lemmaAll = Options(temp.Combine("lemma-all"), new CaptionInput { Path = text, Label = "alt" });
        lemmaAll.KeyForm = NounKeyForm.LemmaAll;

        var byLemma = (await NounStatsRunner.RunAsync(lemma)).Statistics[0];
        var byLemmaAll = (await NounStatsRunner.RunAsync(lemmaAll)).Statistics[0];

        Assert.Equal(byLemma.TotalNouns, byLemmaAll.TotalNouns);
        Assert.Equal(byLemma.DistinctNouns - 1, byLemmaAll.DistinctNouns);
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(temp.Combine("lemma-all", "table1.json")));
        Assert.Equal("LemmaAll", json.RootElement.GetProperty("provenance").GetProperty("KeyForm").GetString());
        Assert.Contains("key: LemmaAll", await File.ReadAllTextAsync(temp.Combine("lemma-all", "table1.md")), StringComparison.Ordinal);
    }
}
