namespace DataForge.NounStats.Text;

/// <summary>
/// Marks sentence starts in a token list: after a terminal token (<c>.</c>, <c>!</c>, <c>?</c>, runs of them, or
/// <c>…</c>), optionally followed by closing quotes or brackets, when the next word does not start in lower case.
/// Captions rarely need more, and the tagger only uses sentences to reset its left context.
/// </summary>
internal static class SentenceSplitter
{
    public static void MarkSentences(ReadOnlySpan<char> text, List<Token> tokens, int first)
    {
        if (first >= tokens.Count)
        {
            return;
        }

        tokens[first] = tokens[first] with { StartsSentence = true };
        var afterTerminal = false;
        for (var k = first; k < tokens.Count; k++)
        {
            var token = tokens[k];
            var span = text.Slice(token.Start, token.Length);
            if (afterTerminal && !IsClosing(span))
            {
                if (!char.IsLower(span[0]))
                {
                    tokens[k] = token with { StartsSentence = true };
                }

                afterTerminal = false;
            }

            if (IsTerminal(span))
            {
                afterTerminal = true;
            }
        }
    }

    private static bool IsTerminal(ReadOnlySpan<char> token)
    {
        foreach (var c in token)
        {
            if (c is not ('.' or '!' or '?' or '…'))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsClosing(ReadOnlySpan<char> token) =>
        token.Length <= 2 && token[0] is '"' or '\'' or '”' or '’' or ')' or ']' or '}' or '»';
}
