using DataForge.NounStats.Evaluation;
using DataForge.NounStats.Text;
using DataForge.TestUtils;

namespace DataForge.NounStats.Tests.Text;

public sealed class UdTokenizerTests
{
    [Theory]
    [InlineData("I don't know.", "I|do|n't|know|.")]
    [InlineData("We can't go, can we?", "We|ca|n't|go|,|can|we|?")]
    [InlineData("Bush's plan isn’t bad!!!", "Bush|'s|plan|is|n’t|bad|!!!")]
    [InlineData("a middle-class family", "a|middle|-|class|family")]
    [InlineData("send an e-mail to co-workers", "send|an|e-mail|to|co-workers")]
    [InlineData("a 15-year term", "a|15|-|year|term")]
    [InlineData("call 713-853-3989 now", "call|713-853-3989|now")]
    [InlineData("in the U.S. and Mr. Smith's house", "in|the|U.S.|and|Mr.|Smith|'s|house")]
    [InlineData("visit http://example.com/a?b=c.", "visit|http://example.com/a?b=c|.")]
    [InlineData("(the \"best\") $5 deal", "(|the|\"|best|\"|)|$|5|deal")]
    [InlineData("I'm gonna win :)", "I|'m|gon|na|win|:)")]
    [InlineData("terrorists' plans", "terrorists|'|plans")]
    public void Tokenize_EwtConventions_SplitsAsTreebank(string text, string expected)
    {
        // Given a sentence exercising one EWT convention; When tokenized; Then the words match the treebank's.
        var words = UdTokenizer.Instance.Tokenize(text).Select(t => text.Substring(t.Start, t.Length));

        Assert.Equal(expected, string.Join("|", words));
    }

    [Fact]
    public void Tokenize_Offsets_PointIntoTheText()
    {
        const string text = "  Two dogs\tplay.  ";

        var tokens = UdTokenizer.Instance.Tokenize(text);

        Assert.Equal([(2, 3), (6, 4), (11, 4), (15, 1)], tokens.Select(t => (t.Start, t.Length)));
    }

    [Fact]
    public void Tokenize_TwoSentences_MarksSecondStart()
    {
        const string text = "A dog runs. The cat sleeps.";

        var tokens = UdTokenizer.Instance.Tokenize(text);

        Assert.Equal([0, 4], tokens.Select((t, i) => (t, i)).Where(p => p.t.StartsSentence).Select(p => p.i));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   \t\n  ")]
    public void Tokenize_EmptyOrWhitespace_ReturnsNothing(string text) =>
        Assert.Empty(UdTokenizer.Instance.Tokenize(text));

    [Fact]
    public void Normalize_Nfkc_FoldsLigaturesAndFullWidth()
    {
        Assert.Equal("fish ABC", UdTokenizer.Normalize("ﬁsh ＡＢＣ", TextNormalization.Nfkc));
        Assert.Equal("ﬁsh", UdTokenizer.Normalize("ﬁsh", TextNormalization.Nfc));
    }

    [SharedDataFact]
    public void Tokenize_EwtTestRawText_ReachesTokenF1Target()
    {
        // Gold units are syntactic words (multiword tokens spelled out by their words), see TokenizerEvaluator.
        var score = TreebankEvaluation.ScoreTokenizer(NounStatsTestData.EwtTest);

        Assert.Equal(0, score.SkippedSentences);
        Assert.True(score.F1 >= 98.5, $"token F1 {score.F1:F2} (P {score.Precision:F2}, R {score.Recall:F2}) is below 98.5");
    }
}
