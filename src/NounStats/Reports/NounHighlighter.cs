using System.Net;
using System.Text;
using DataForge.NounStats.Counting;

namespace DataForge.NounStats.Reports;

/// <summary>Formats captions as HTML with the nouns the statistics count marked, for notebooks and reports.</summary>
public static class NounHighlighter
{
    /// <summary>
    /// Formats a caption as HTML-escaped text in which every counted noun is a <c>&lt;mark&gt;</c> element whose
    /// <c>title</c> is the key it is counted under; proper nouns also carry <c>class="propn"</c>.
    /// </summary>
    /// <param name="caption">The caption's nouns, from <see cref="NounExtractor.FindNouns"/>.</param>
    /// <returns>The HTML fragment (empty for an empty caption).</returns>
    public static string ToHtml(CaptionNouns caption)
    {
        ArgumentNullException.ThrowIfNull(caption);
        var text = caption.Text;
        var html = new StringBuilder(text.Length + caption.Nouns.Count * 32);
        var at = 0;
        foreach (var noun in caption.Nouns)
        {
            if (noun.Start < at || noun.Start + noun.Length > text.Length)
            {
                continue;
            }

            html.Append(WebUtility.HtmlEncode(text[at..noun.Start]))
                .Append(noun.IsProper ? "<mark class=\"propn\" title=\"" : "<mark title=\"")
                .Append(WebUtility.HtmlEncode(noun.Key))
                .Append("\">")
                .Append(WebUtility.HtmlEncode(text.Substring(noun.Start, noun.Length)))
                .Append("</mark>");
            at = noun.Start + noun.Length;
        }

        return html.Append(WebUtility.HtmlEncode(text[at..])).ToString();
    }
}
