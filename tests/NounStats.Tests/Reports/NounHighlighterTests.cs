using System.Text.RegularExpressions;
using DataForge.NounStats.Counting;
using DataForge.NounStats.Reports;

namespace DataForge.NounStats.Tests.Reports;

public sealed class NounHighlighterTests
{
    [Fact]
    public void FindNouns_ListsExactlyTheExtractedNouns_WithOffsetsIntoTheNormalizedText()
    {
        using var extractor = new NounExtractor();
        const string caption = "Two dogs run on the beach at sunset… near Paris";

        var found = extractor.FindNouns(caption);

        // NFKC turns the ellipsis into three dots, so offsets refer to the normalized text, not the input.
        Assert.Contains("sunset...", found.Text, StringComparison.Ordinal);
        Assert.Equal(extractor.ExtractNouns(caption), found.Nouns.Select(n => n.Key));
        Assert.Equal(["dogs", "beach", "sunset", "Paris"], found.Nouns.Select(n => found.Text.Substring(n.Start, n.Length)));
        Assert.Contains(found.Nouns, n => n.Key == "dog" && found.Text.Substring(n.Start, n.Length) == "dogs" && !n.IsProper);
        Assert.Contains(found.Nouns, n => n.Key == "paris" && n.IsProper);
    }

    [Fact]
    public void ToHtml_MarksEachNounWithItsKey_AndEscapesTheText()
    {
        // Web-text cleaning would drop the "<b>" this test escapes; escaping must hold for captions counted as written.
        using var extractor = new NounExtractor(new NounCountingSettings(WebText: false));

        var html = NounHighlighter.ToHtml(extractor.FindNouns("A red car & two dogs in London <3 <b>"));

        Assert.Contains("<mark title=\"car\">car</mark>", html, StringComparison.Ordinal);
        Assert.Contains("<mark title=\"dog\">dogs</mark>", html, StringComparison.Ordinal);
        Assert.Contains("<mark class=\"propn\" title=\"london\">London</mark>", html, StringComparison.Ordinal);
        Assert.Contains(" &amp; ", html, StringComparison.Ordinal);
        var text = Regex.Replace(html, "</?mark[^>]*>", "");
        Assert.DoesNotContain('<', text);
        Assert.DoesNotContain('>', text);
        Assert.Equal("A red car &amp; two dogs in London &lt;3 &lt;b&gt;", text);
        Assert.Equal(string.Empty, NounHighlighter.ToHtml(extractor.FindNouns(null)));
    }
}
