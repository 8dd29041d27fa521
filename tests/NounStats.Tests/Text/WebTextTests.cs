using DataForge.NounStats.Counting;
using DataForge.NounStats.Text;

namespace DataForge.NounStats.Tests.Text;

public sealed class WebTextTests
{
    [Theory]
    [InlineData("Tom &amp; Jerry", "Tom & Jerry")]
    [InlineData("&quot;Sunset&quot; print", "\"Sunset\" print")]
    [InlineData("Tom &amp;amp; Jerry", "Tom & Jerry")]
    [InlineData("caf&#233; &#x26; bar", "café & bar")]
    [InlineData("<b>Red</b> dress", " Red  dress")]
    [InlineData("<font color=\"red\">Sale</font>", " Sale ")]
    [InlineData("&lt;b&gt;Bold&lt;/b&gt; text", " Bold  text")]
    [InlineData("#art and #nature", " art and  nature")]
    [InlineData("C# code, #1 seller, a&b", "C# code, #1 seller, a&b")]
    [InlineData("plain caption", "plain caption")]
    [InlineData("3 < 4 and 5 > 2", "3 < 4 and 5 > 2")]
    public void Clean_WebText_DecodesEntitiesDropsMarkupAndHashSigns(string text, string expected) =>
        Assert.Equal(expected, WebText.Clean(text));

    [Theory]
    [InlineData("9W", true)]
    [InlineData("12cm", true)]
    [InlineData("5pcs", true)]
    [InlineData("720p", true)]
    [InlineData("4th", true)]
    [InlineData("dog", false)]
    [InlineData("2024", false)]
    public void IsCodeOrMeasurement_MixedDigitsAndLetters(string word, bool expected) =>
        Assert.Equal(expected, WebText.IsCodeOrMeasurement(word));

    [Fact]
    public void ExtractNouns_EntitiesMarkupAndHashtags_AreNotNouns()
    {
        using var extractor = new NounExtractor();
        const string caption = "<b>Red</b> dress &amp; shoes &quot;sale&quot; <font size=2>#art</font> print";

        var nouns = extractor.ExtractNouns(caption);

        Assert.Contains("dress", nouns);
        Assert.Contains("shoe", nouns);
        Assert.Contains("art", nouns);
        foreach (var debris in new[] { "amp", "quot", "b", "font", "#art", "size" })
        {
            Assert.DoesNotContain(debris, nouns);
        }
    }

    [Fact]
    public void ExtractNouns_NoWebText_KeepsTheOldBehaviourForComparison()
    {
        using var raw = new NounExtractor(new NounCountingSettings(WebText: false));

        Assert.Contains("#art", raw.ExtractNouns("Poster #art for sale"));
    }

    [Fact]
    public void ExtractNouns_CodesAndMeasurements_CountOnlyWhenAskedFor()
    {
        const string caption = "LED bulb 9W, 12cm wide, 5pcs set, 720p camera";
        using var strict = new NounExtractor();
        using var codes = new NounExtractor(new NounCountingSettings(CodesAsNouns: true));

        var strictNouns = strict.ExtractNouns(caption);
        var codeNouns = codes.ExtractNouns(caption);

        Assert.Contains("bulb", strictNouns);
        Assert.Contains("camera", strictNouns);
        Assert.DoesNotContain(strictNouns, n => n.Any(char.IsDigit));
        Assert.Contains(codeNouns, n => n.Any(char.IsDigit));
    }
}
