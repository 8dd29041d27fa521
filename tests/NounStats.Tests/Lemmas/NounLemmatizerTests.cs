using DataForge.NounStats.Lemmas;
using DataForge.NounStats.Tagging;

namespace DataForge.NounStats.Tests.Lemmas;

public sealed class NounLemmatizerTests
{
    [Theory]
    [InlineData("Cities", "city")]
    [InlineData("glasses", "glass")]
    [InlineData("boxes", "box")]
    [InlineData("churches", "church")]
    [InlineData("bus", "bus")]
    [InlineData("analysis", "analysis")]
    [InlineData("dogs", "dog")]
    [InlineData("cat", "cat")]
    [InlineData("cats2", "cats2")]
    [InlineData("ids", "ids")]
    public void Lemmatize_WithoutExceptions_AppliesSuffixRules(string form, string lemma) =>
        Assert.Equal(lemma, new NounLemmatizer(new Dictionary<string, string>()).Lemmatize(form));

    [Fact]
    public void Lemmatize_ExceptionTable_WinsOverRules() =>
        Assert.Equal("mouse", new NounLemmatizer(new Dictionary<string, string> { ["mice"] = "mouse" }).Lemmatize("Mice"));

    [Theory]
    [InlineData("children", "child")]
    [InlineData("women", "woman")]
    [InlineData("people", "people")]
    public void Default_LearnedIrregulars_AreInTheShippedTable(string form, string lemma) =>
        Assert.Equal(lemma, PosTagger.Default.Lemmatizer.Lemmatize(form));
}
