using DataForge.NounStats.Counting;
using DataForge.NounStats.Tagging;

namespace DataForge.NounStats.Tests.Counting;

public sealed class NounKeyCacheTests
{
    private static readonly string[] Captions =
    [
        "Dresses for women: a red dress and two dresses",
        "DRESSES on SALE, SMS alerts and sms codes",
        "Heroes, tomatoes and potatoes at the Christmas market",
        "the reciept of the heroes and the Heroes of Texas",
        "Dresses for women: a red dress and two dresses",
    ];

    [Theory]
    [InlineData(NounKeyForm.Lemma)]
    [InlineData(NounKeyForm.LemmaAll)]
    [InlineData(NounKeyForm.Surface)]
    public void CollectNouns_WarmCounter_GivesTheKeysOfAFreshCounterPerCaption(NounKeyForm keyForm)
    {
        var settings = new NounCountingSettings(KeyForm: keyForm);
        var warm = new CaptionNounCounter(PosTagger.Default, settings);
        foreach (var caption in Captions.Concat(Captions))
        {
            var expected = new List<string>();
            new CaptionNounCounter(PosTagger.Default, settings).CollectNouns(caption, expected);
            var actual = new List<string>();
            warm.CollectNouns(caption, actual);

            Assert.NotEmpty(expected);
            Assert.Equal(expected, actual);
        }
    }
}
