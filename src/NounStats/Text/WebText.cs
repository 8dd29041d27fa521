using System.Net;
using System.Text.RegularExpressions;

namespace DataForge.NounStats.Text;

/// <summary>
/// Cleans scraped alt-text before tokenizing: HTML entities decoded (twice, since alt-text is often escaped twice:
/// <c>&amp;amp;quot;</c>), markup tags dropped (after decoding, so escaped tags go too), and the <c>#</c> of a hashtag
/// dropped so <c>#art</c> counts as <c>art</c>. Without these, <c>amp</c>, <c>quot</c>, <c>b</c> and <c>font</c>
/// were counted as nouns.
/// </summary>
public static partial class WebText
{
    /// <summary>Cleans one caption; text without <c>&amp;</c>, <c>&lt;</c> or <c>#</c> is returned as is.</summary>
    /// <param name="text">The caption.</param>
    /// <returns>The cleaned caption.</returns>
    public static string Clean(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.AsSpan().IndexOfAny('&', '<', '#') < 0)
        {
            return text;
        }

        for (var pass = 0; pass < 2 && text.Contains('&', StringComparison.Ordinal); pass++)
        {
            text = WebUtility.HtmlDecode(text);
        }

        // Markup becomes a space, so words on either side of a tag stay apart.
        text = MarkupPattern().Replace(text, " ");
        return HashtagPattern().Replace(text, " ");
    }

    /// <summary>Whether a word is an alphanumeric code or a measurement (<c>9W</c>, <c>12cm</c>, <c>720p</c>, <c>4th</c>).</summary>
    /// <param name="word">A token.</param>
    /// <returns>True when it holds both a digit and a letter.</returns>
    public static bool IsCodeOrMeasurement(ReadOnlySpan<char> word)
    {
        bool digit = false, letter = false;
        foreach (var c in word)
        {
            digit |= char.IsDigit(c);
            letter |= char.IsLetter(c);
        }

        return digit && letter;
    }

    [GeneratedRegex(@"<!--.*?-->|</?[A-Za-z][A-Za-z0-9]*(?:\s[^<>]{0,500})?/?>", RegexOptions.Singleline | RegexOptions.CultureInvariant)]
    private static partial Regex MarkupPattern();

    [GeneratedRegex(@"(?<![\w&#])#(?=\p{L})", RegexOptions.CultureInvariant)]
    private static partial Regex HashtagPattern();
}
