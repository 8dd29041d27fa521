using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace DataForge.Trainer.Features;

/// <summary>
/// DeepFloyd-IF's <c>clean_caption</c>, which PixArt-α applies twice before T5 encoding: URL-decode, lowercase,
/// drop URLs, HTML tags, @handles, CJK, IP addresses, ids, file names, shop boilerplate and stray punctuation,
/// unify dashes and quotes, collapse whitespace. Rules run in the official order. Two dependencies of the Python
/// version are approximated: BeautifulSoup's <c>.text</c> by removing tags, and <c>ftfy.fix_text</c> by Unicode NFC
/// normalisation (mojibake repair is not attempted).
/// </summary>
public static partial class CaptionCleaner
{
    private const RegexOptions Options = RegexOptions.CultureInvariant;

    /// <summary>Applies the official two passes.</summary>
    /// <param name="caption">Raw caption.</param>
    /// <returns>The cleaned caption.</returns>
    public static string CleanTwice(string? caption) => CleanOnce(CleanOnce(caption));

    /// <summary>Applies one pass of the rules.</summary>
    /// <param name="caption">Raw caption.</param>
    /// <returns>The cleaned caption.</returns>
    public static string CleanOnce(string? caption)
    {
        var text = WebUtility.UrlDecode(caption ?? "").Trim().ToLowerInvariant();
        text = text.Replace("<person>", "person", StringComparison.Ordinal);
        text = UrlHttp().Replace(text, "");
        text = UrlWww().Replace(text, "");
        text = HtmlTag().Replace(text, "");
        text = Handle().Replace(text, "");
        text = Cjk().Replace(text, "");
        text = Dashes().Replace(text, "-");
        text = DoubleQuotes().Replace(text, "\"");
        text = SingleQuotes().Replace(text, "'");
        text = QuotEntity().Replace(text, "");
        text = text.Replace("&amp", "", StringComparison.Ordinal);
        text = IpAddress().Replace(text, " ");
        text = ArticleId().Replace(text, "");
        text = text.Replace("\\n", " ", StringComparison.Ordinal);
        text = ShortHashNumber().Replace(text, "");
        text = LongHashNumber().Replace(text, "");
        text = LongNumber().Replace(text, "");
        text = FileName().Replace(text, "");
        text = RepeatedQuotes().Replace(text, "\"");
        text = RepeatedDots().Replace(text, " ");
        text = BadPunctuation().Replace(text, " ");
        text = SpacedDot().Replace(text, " ");
        if (DashOrUnderscore().Count(text) > 3)
        {
            text = DashOrUnderscore().Replace(text, " ");
        }

        text = text.Normalize(NormalizationForm.FormC);
        text = WebUtility.HtmlDecode(WebUtility.HtmlDecode(text));
        text = LettersThenDigits().Replace(text, "");
        text = LettersDigitsLetters().Replace(text, "");
        text = DigitsLettersDigits().Replace(text, "");
        text = Shipping().Replace(text, "");
        text = Download().Replace(text, "");
        text = ClickFor().Replace(text, "");
        text = ImageFormatWords().Replace(text, "");
        text = PageNumber().Replace(text, "");
        text = MixedCode().Replace(text, " ");
        text = Dimensions().Replace(text, "");
        text = SpacedColon().Replace(text, ": ");
        text = PunctuationBeforeWord().Replace(text, "$1 ");
        text = Whitespace().Replace(text, " ");
        // The official code calls caption.strip() here and discards the result; kept as a no-op on purpose.
        text = QuotedWhole().Replace(text, "$1");
        text = LeadingPunctuation().Replace(text, "");
        text = TrailingPunctuation().Replace(text, "");
        text = DotWord().Replace(text, "");
        return text.Trim();
    }

    [GeneratedRegex(@"\b((?:https?:(?:/{1,3}|[a-zA-Z0-9%])|[a-zA-Z0-9.\-]+[.](?:com|co|ru|net|org|edu|gov|it)[\w/-]*\b/?(?!@)))", Options)]
    private static partial Regex UrlHttp();

    [GeneratedRegex(@"\b((?:www:(?:/{1,3}|[a-zA-Z0-9%])|[a-zA-Z0-9.\-]+[.](?:com|co|ru|net|org|edu|gov|it)[\w/-]*\b/?(?!@)))", Options)]
    private static partial Regex UrlWww();

    [GeneratedRegex(@"<[^<>]+>", Options)]
    private static partial Regex HtmlTag();

    [GeneratedRegex(@"@[\w\d]+\b", Options)]
    private static partial Regex Handle();

    // CJK strokes, Katakana phonetic extensions, enclosed CJK, CJK compatibility, extension A, Yijing, unified ideographs.
    [GeneratedRegex(@"[\u31c0-\u31ef\u31f0-\u31ff\u3200-\u32ff\u3300-\u33ff\u3400-\u4dbf\u4dc0-\u4dff\u4e00-\u9fff]+", Options)]
    private static partial Regex Cjk();

    [GeneratedRegex(@"[\u002D\u058A\u05BE\u1400\u1806\u2010-\u2015\u2E17\u2E1A\u2E3A\u2E3B\u2E40\u301C\u3030\u30A0\uFE31\uFE32\uFE58\uFE63\uFF0D]+", Options)]
    private static partial Regex Dashes();

    [GeneratedRegex("[`´«»“”¨]", Options)]
    private static partial Regex DoubleQuotes();

    [GeneratedRegex("[‘’]", Options)]
    private static partial Regex SingleQuotes();

    [GeneratedRegex("&quot;?", Options)]
    private static partial Regex QuotEntity();

    [GeneratedRegex(@"\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}", Options)]
    private static partial Regex IpAddress();

    [GeneratedRegex(@"\d:\d\d\s+$", Options)]
    private static partial Regex ArticleId();

    [GeneratedRegex(@"#\d{1,3}\b", Options)]
    private static partial Regex ShortHashNumber();

    [GeneratedRegex(@"#\d{5,}\b", Options)]
    private static partial Regex LongHashNumber();

    [GeneratedRegex(@"\b\d{6,}\b", Options)]
    private static partial Regex LongNumber();

    [GeneratedRegex(@"[\S]+\.(?:png|jpg|jpeg|bmp|webp|eps|pdf|apk|mp4)", Options)]
    private static partial Regex FileName();

    [GeneratedRegex(@"[""']{2,}", Options)]
    private static partial Regex RepeatedQuotes();

    [GeneratedRegex(@"[.]{2,}", Options)]
    private static partial Regex RepeatedDots();

    [GeneratedRegex(@"[#®•©™&@·º½¾¿¡§~)(\]\[}{|\\/*]{1,}", Options)]
    private static partial Regex BadPunctuation();

    [GeneratedRegex(@"\s+\.\s+", Options)]
    private static partial Regex SpacedDot();

    [GeneratedRegex(@"(?:-|_)", Options)]
    private static partial Regex DashOrUnderscore();

    [GeneratedRegex(@"\b[a-zA-Z]{1,3}\d{3,15}\b", Options)]
    private static partial Regex LettersThenDigits();

    [GeneratedRegex(@"\b[a-zA-Z]+\d+[a-zA-Z]+\b", Options)]
    private static partial Regex LettersDigitsLetters();

    [GeneratedRegex(@"\b\d+[a-zA-Z]+\d+\b", Options)]
    private static partial Regex DigitsLettersDigits();

    [GeneratedRegex(@"(worldwide\s+)?(free\s+)?shipping", Options)]
    private static partial Regex Shipping();

    [GeneratedRegex(@"(free\s)?download(\sfree)?", Options)]
    private static partial Regex Download();

    [GeneratedRegex(@"\bclick\b\s(?:for|on)\s\w+", Options)]
    private static partial Regex ClickFor();

    [GeneratedRegex(@"\b(?:png|jpg|jpeg|bmp|webp|eps|pdf|apk|mp4)(\simage[s]?)?", Options)]
    private static partial Regex ImageFormatWords();

    [GeneratedRegex(@"\bpage\s+\d+\b", Options)]
    private static partial Regex PageNumber();

    [GeneratedRegex(@"\b\d*[a-zA-Z]+\d+[a-zA-Z]+\d+[a-zA-Z\d]*\b", Options)]
    private static partial Regex MixedCode();

    [GeneratedRegex(@"\b\d+\.?\d*[xх×]\d+\.?\d*\b", Options)]
    private static partial Regex Dimensions();

    [GeneratedRegex(@"\b\s+:\s+", Options)]
    private static partial Regex SpacedColon();

    [GeneratedRegex(@"(\D[,./])\b", Options)]
    private static partial Regex PunctuationBeforeWord();

    [GeneratedRegex(@"\s+", Options)]
    private static partial Regex Whitespace();

    [GeneratedRegex(@"^[""']([\w\W]+)[""']$", Options)]
    private static partial Regex QuotedWhole();

    [GeneratedRegex(@"^['_,\-:;]", Options)]
    private static partial Regex LeadingPunctuation();

    [GeneratedRegex(@"['_,\-:+]$", Options)]
    private static partial Regex TrailingPunctuation();

    [GeneratedRegex(@"^\.\S+$", Options)]
    private static partial Regex DotWord();
}
