using DataForge.NounStats.Conllu;
using DataForge.NounStats.Evaluation;
using DataForge.NounStats.Lemmas;
using DataForge.NounStats.Tagging;
using DataForge.TestUtils;

namespace DataForge.NounStats.Tests.Lemmas;

public sealed class NounLemmatizerTests
{
    // Rules keyed by suffix: "s" drops the s, "ies" becomes y, "ss" stays; the lexicon knows "movie" and "wolf".
    private static readonly LemmaTables SmallTables = new(
        new Dictionary<string, string> { ["mice"] = "mouse" },
        new Dictionary<string, SuffixRewrite>
        {
            ["s"] = new(1, string.Empty),
            ["ies"] = new(3, "y"),
            ["ss"] = new(0, string.Empty),
        },
        ["movie", "wolf", "city", "dog"],
        []);

    // The treebank lexicon knows only "dog"; the reference dictionary knows rarer nouns and a plurale tantum.
    private static readonly LemmaTables ReferenceTables = new(
        new Dictionary<string, string>(),
        new Dictionary<string, SuffixRewrite> { ["s"] = new(1, string.Empty), ["us"] = new(0, string.Empty), ["ren"] = new(3, string.Empty) },
        ["dog"],
        ["guru", "environs", "receipt", "sculpture", "hear", "dog", "east"]);

    [Theory]
    [InlineData("Dogs", "dog")]
    [InlineData("cities", "city")]
    [InlineData("glass", "glass")]
    [InlineData("movies", "movie")]
    [InlineData("wolves", "wolf")]
    [InlineData("Mice", "mouse")]
    [InlineData("dog's", "dog")]
    [InlineData("dog’s", "dog")]
    [InlineData("1990s", "1990")]
    [InlineData("t-shirts", "t-shirt")]
    [InlineData("cats2", "cats2")]
    [InlineData("us", "us")]
    [InlineData("SMS", "sms")]
    [InlineData("GUYS", "guy")]
    public void Lemmatize_SmallTables_AppliesExceptionsRulesAndLexicon(string form, string lemma) =>
        Assert.Equal(lemma, new NounLemmatizer(SmallTables).Lemmatize(form));

    [Theory]
    [InlineData("gurus", "guru")]
    [InlineData("environs", "environs")]
    [InlineData("dogs", "dog")]
    [InlineData("Reciept", "receipt")]
    [InlineData("scupltures", "sculpture")]
    [InlineData("hera", "hera")]
    [InlineData("zorbles", "zorble")]
    [InlineData("eastern", "eastern")]
    public void Lemmatize_ReferenceNouns_DecideWhatTheTreebankCannotAndCorrectOneSwap(string form, string lemma) =>
        Assert.Equal(lemma, new NounLemmatizer(ReferenceTables).Lemmatize(form));

    [Fact]
    public void Lemmatize_LongerSuffixRule_WinsOverShorter()
    {
        var tables = new LemmaTables(
            new Dictionary<string, string>(),
            new Dictionary<string, SuffixRewrite> { ["s"] = new(1, string.Empty), ["men"] = new(2, "an") },
            [],
            []);

        Assert.Equal("fireman", new NounLemmatizer(tables).Lemmatize("firemen"));
    }

    [Fact]
    public void Build_FromSentences_LearnsRulesFromDistinctFormsAndKeepsAttestedPairs()
    {
        var sentences = new[]
        {
            Sentence(("cats", "cat"), ("hats", "hat"), ("bats", "bat"), ("oxen", "ox"), ("runs", "run")),
        };

        var lemmatizer = new NounLemmatizer(LemmaTableBuilder.Build(sentences));

        Assert.Equal("rat", lemmatizer.Lemmatize("rats"));
        Assert.Equal("ox", lemmatizer.Lemmatize("Oxen"));
        Assert.Equal("zombie", lemmatizer.Lemmatize("zombies"));
    }

    [Fact]
    public void Build_WithReferenceNouns_CarriesThemIntoTheTables()
    {
        var sentences = new[] { Sentence(("cats", "cat"), ("hats", "hat")) };

        var lemmatizer = new NounLemmatizer(LemmaTableBuilder.Build(sentences, ["kebab", "kudos"]));

        Assert.Equal("kebab", lemmatizer.Lemmatize("kebabs"));
        Assert.Equal("kudos", lemmatizer.Lemmatize("kudos"));
        Assert.Equal(2, lemmatizer.Tables.ReferenceNouns.Count);
    }

    [SharedDataFact]
    public void Build_EwtTrainTwice_GivesIdenticalBytes()
    {
        var train = ConlluReader.ReadFile(Path.Combine(NounStatsTestData.Treebank, "en_ewt-ud-train.conllu"));

        Assert.Equal(Bytes(LemmaTableBuilder.Build(train)), Bytes(LemmaTableBuilder.Build(train)));
    }

    [Theory]
    [InlineData("children", "child")]
    [InlineData("women", "woman")]
    [InlineData("people", "people")]
    [InlineData("leaves", "leaf")]
    [InlineData("tomatoes", "tomato")]
    [InlineData("potatoes", "potato")]
    [InlineData("heroes", "hero")]
    [InlineData("zombies", "zombie")]
    [InlineData("selfies", "selfie")]
    [InlineData("calories", "calorie")]
    [InlineData("canvas", "canvas")]
    [InlineData("Christmas", "christmas")]
    [InlineData("physics", "physics")]
    [InlineData("quizzes", "quiz")]
    [InlineData("crises", "crisis")]
    [InlineData("halves", "half")]
    [InlineData("geese", "goose")]
    [InlineData("dresses", "dress")]
    [InlineData("buses", "bus")]
    [InlineData("boxes", "box")]
    [InlineData("glasses", "glass")]
    [InlineData("cities", "city")]
    [InlineData("businessmen", "businessman")]
    [InlineData("vases", "vase")]
    [InlineData("receipts", "receipt")]
    public void Default_ShippedTables_GiveRealWords(string form, string lemma) =>
        Assert.Equal(lemma, PosTagger.Default.Lemmatizer.Lemmatize(form));

    [SharedDataFact]
    public void Default_OnEwtTestGoldNouns_LemmaAccuracyAtLeast99_5()
    {
        // Most remaining errors are gold spelling corrections beyond one letter swap (tonite → tonight) or
        // pluralia tantum neither EWT train nor WordNet has (barracks, wares).
        var score = TreebankEvaluation.ScoreTagger(PosTagger.Default, NounStatsTestData.EwtTest);

        Assert.True(score.NounLemmaAccuracy >= 99.5, $"noun lemma accuracy {score.NounLemmaAccuracy:F2} < 99.5");
    }

    [SharedDataFact]
    public void Default_OnEwtDevGoldNouns_LemmaAccuracyAtLeast99_15()
    {
        var score = TreebankEvaluation.ScoreTagger(PosTagger.Default, NounStatsTestData.EwtDev);

        Assert.True(score.NounLemmaAccuracy >= 99.15, $"noun lemma accuracy {score.NounLemmaAccuracy:F2} < 99.15");
    }

    private static ConlluSentence Sentence(params (string Form, string Lemma)[] nouns) =>
        new(string.Empty, [.. nouns.Select((n, i) => new ConlluToken(n.Form, i, 1))], [.. nouns.Select(n => new ConlluWord(n.Form, n.Lemma, "NOUN", "NNS"))]);

    private static byte[] Bytes(LemmaTables tables)
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            tables.Write(writer);
        }

        return stream.ToArray();
    }
}
