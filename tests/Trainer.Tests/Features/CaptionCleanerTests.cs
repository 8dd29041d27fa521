using DataForge.Trainer.Features;

namespace DataForge.Trainer.Tests.Features;

public sealed class CaptionCleanerTests
{
    [Theory]
    // Expected values worked out by hand from the rule list (URL, handle, HTML, dashes, quotes, ids, boilerplate).
    [InlineData("A Red Barn   at Sunset", "a red barn at sunset")]
    [InlineData("Cute cat https://example.com/cat.jpg photo", "cute cat photo")]
    [InlineData("<b>Bold</b> text by @someone", "bold text by")]
    [InlineData("Sale — free shipping worldwide!", "sale - worldwide!")]
    [InlineData("“Quoted” caption", "\"quoted\" caption")] // the leading-punctuation rule does not strip a double quote
    [InlineData("IMG_20190101_123456.jpg", "")]
    [InlineData("Poster 1920x1080 page 3", "poster")]
    [InlineData("a 猫 and a dog", "a and a dog")]
    [InlineData("this-is-my-cute-cat", "this is my cute cat")]
    [InlineData("Hello%20world+again", "hello world again")]
    public void CleanTwice_AppliesTheOfficialRules(string raw, string expected) =>
        Assert.Equal(expected, CaptionCleaner.CleanTwice(raw));

    [Fact]
    public void CleanTwice_IsIdempotentOnCleanText()
    {
        const string clean = "a dense caption of a kitchen with a wooden table, two chairs and a window";
        Assert.Equal(clean, CaptionCleaner.CleanTwice(clean));
        Assert.Equal("", CaptionCleaner.CleanTwice(null));
    }
}
