using DataForge.NounStats.Evaluation;
using DataForge.NounStats.Tagging;
using DataForge.TestUtils;

namespace DataForge.NounStats.Tests.Tagging;

public sealed class PosTaggerTests
{
    [SharedDataFact]
    public void Default_OnEwtTestWithGoldTokens_MeetsAccuracyTargets()
    {
        var score = TreebankEvaluation.ScoreTagger(PosTagger.Default, NounStatsTestData.EwtTest);

        Assert.Equal(25_094, score.Words);
        Assert.True(score.UposAccuracy >= 95.0, $"UPOS {score.UposAccuracy:F2} < 95.0");
        Assert.True(score.NounOrProperNounF1 >= 96.5, $"NOUN+PROPN F1 {score.NounOrProperNounF1:F2} < 96.5");
        Assert.True(score.NounLemmaAccuracy >= 99.5, $"noun lemma accuracy {score.NounLemmaAccuracy:F2} < 99.5");
        Assert.True(score.XposAccuracy >= 94.5, $"XPOS {score.XposAccuracy:F2} < 94.5");
    }

    [Fact]
    public void ShippedModel_IsCompactAndCarriesItsLicence()
    {
        var file = new FileInfo(NounStatsTestData.ShippedModel);

        Assert.True(file.Length < 10 * 1024 * 1024, $"model is {file.Length} bytes");
        Assert.Contains("UD_English-EWT", PosTagger.Default.Description, StringComparison.Ordinal);
        Assert.Contains("CC BY-SA 4.0", PosTagger.Default.Description, StringComparison.Ordinal);
        var notice = File.ReadAllText(RepoPaths.Combine("src", "NounStats", "Model", "NOTICE"));
        Assert.Contains("CC BY-SA 4.0", notice, StringComparison.Ordinal);
        Assert.Contains("v2.16", notice, StringComparison.Ordinal);
    }

    [Fact]
    public void Tag_SimpleSentence_GivesUniversalAndPennTags()
    {
        var words = PosTagger.Default.Tag("The dogs are running in the park.");

        Assert.Equal(["DET", "NOUN", "AUX", "VERB", "ADP", "DET", "NOUN", "PUNCT"], words.Select(w => w.Upos));
        Assert.Equal(["DT", "NNS", "VBP", "VBG", "IN", "DT", "NN", "."], words.Select(w => w.Xpos));
        Assert.Equal("dog", words[1].Lemma);
    }

    [Fact]
    public void Load_GarbageStream_ThrowsInvalidData()
    {
        using var stream = new MemoryStream([0x78, 0x9c, 1, 2, 3, 4, 5]);

        Assert.ThrowsAny<Exception>(() => PosTagger.Load(stream));
    }
}
