using System.Text;

namespace DataForge.NounStats.Text;

/// <summary>
/// A rule-based tokenizer and sentence splitter that follows UD_English-EWT conventions: punctuation is split off,
/// clitics (<c>n't 's 're 've 'll 'd 'm</c>, also with <c>’</c>) become words of their own, hyphen compounds are
/// split except after known prefixes (<c>e-mail</c>, <c>non-human</c>), and numbers, URLs, e-mail addresses,
/// abbreviations and emoticons stay whole. It allocates nothing per token and is safe to share between threads.
/// </summary>
public sealed class UdTokenizer
{
    /// <summary>Gets a shared instance (the tokenizer has no state).</summary>
    public static UdTokenizer Instance { get; } = new();

    /// <summary>Normalizes text in the requested Unicode form; ASCII text is returned as is without copying.</summary>
    /// <param name="text">The text.</param>
    /// <param name="normalization">The normalization form.</param>
    /// <returns>The normalized text.</returns>
    public static string Normalize(string text, TextNormalization normalization)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (normalization == TextNormalization.None || System.Text.Ascii.IsValid(text))
        {
            return text;
        }

        var form = normalization == TextNormalization.Nfkc ? NormalizationForm.FormKC : NormalizationForm.FormC;
        try
        {
            return text.IsNormalized(form) ? text : text.Normalize(form);
        }
        catch (ArgumentException)
        {
            // Lone surrogates cannot be normalized; the caption is still counted, just unnormalized.
            return text;
        }
    }

    /// <summary>Tokenizes a text into a new list.</summary>
    /// <param name="text">The text (normalize it first with <see cref="Normalize"/> if wanted).</param>
    /// <returns>The words with offsets into <paramref name="text"/>.</returns>
    public IReadOnlyList<Token> Tokenize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var tokens = new List<Token>();
        Tokenize(text.AsSpan(), tokens);
        return tokens;
    }

    /// <summary>Tokenizes a text, appending words to <paramref name="tokens"/> (which is not cleared).</summary>
    /// <param name="text">The text.</param>
    /// <param name="tokens">Receives the words; offsets are relative to <paramref name="text"/>.</param>
    public void Tokenize(ReadOnlySpan<char> text, List<Token> tokens)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        var first = tokens.Count;
        var i = 0;
        while (i < text.Length)
        {
            while (i < text.Length && IsSpace(text[i]))
            {
                i++;
            }

            var start = i;
            while (i < text.Length && !IsSpace(text[i]))
            {
                i++;
            }

            if (i > start)
            {
                TokenizeChunk(text, start, i, tokens);
            }
        }

        SentenceSplitter.MarkSentences(text, tokens, first);
    }

    private static bool IsSpace(char c) => c <= ' ' ? c is ' ' or '\t' or '\n' or '\r' or '\f' or '\v' || c < ' ' : char.IsWhiteSpace(c) || c is '\u200B' or '\uFEFF';

    private static void TokenizeChunk(ReadOnlySpan<char> text, int start, int end, List<Token> tokens)
    {
        var chunk = text[start..end];
        if (TokenizerLexicon.IsEmoticon(chunk) || chunk.Length == 1)
        {
            tokens.Add(new Token(start, end - start, false));
            return;
        }

        // 1. Leading punctuation, one token per character except runs of the same character ("...", "--").
        while (start < end && TokenizerLexicon.IsLeadingPunctuation(text[start]) && !IsSignedNumber(text, start, end) && !IsHashtag(text, start, end))
        {
            var run = RunLength(text, start, end);
            tokens.Add(new Token(start, run, false));
            start += run;
        }

        if (start >= end)
        {
            return;
        }

        var rest = text[start..end];
        if (TokenizerLexicon.LooksLikeUrlOrEmail(rest) || TokenizerLexicon.IsSlashAbbreviation(rest))
        {
            var urlEnd = end;
            while (urlEnd > start + 1 && TokenizerLexicon.IsUrlTrailingPunctuation(text[urlEnd - 1]))
            {
                urlEnd--;
            }

            tokens.Add(new Token(start, urlEnd - start, false));
            EmitTrailing(text, urlEnd, end, tokens);
            return;
        }

        // EWT splits the period off an abbreviation that ends the text ("in the U.S .").
        var endsText = text[end..].IsWhiteSpace();

        // 2. Trailing punctuation, found right to left; emitted after the core.
        var coreEnd = end;
        while (coreEnd > start)
        {
            var c = text[coreEnd - 1];
            if (c == '.')
            {
                var dots = 1;
                while (coreEnd - dots > start && text[coreEnd - dots - 1] == '.')
                {
                    dots++;
                }

                if (dots == 1 && !endsText && TokenizerLexicon.KeepsFinalPeriod(text[start..coreEnd]))
                {
                    break;
                }

                if (dots == 2 && TokenizerLexicon.KeepsFinalPeriod(text[start..(coreEnd - 1)]))
                {
                    // "Inc.." is the abbreviation's period plus the sentence's.
                    coreEnd--;
                    break;
                }

                coreEnd -= dots;
                continue;
            }

            if (TokenizerLexicon.IsTrailingPunctuation(c))
            {
                coreEnd -= RunLengthBackward(text, start, coreEnd);
                continue;
            }

            break;
        }

        if (coreEnd > start)
        {
            EmitCore(text, start, coreEnd, tokens);
        }

        EmitTrailing(text, coreEnd, end, tokens);
    }

    private static bool IsSignedNumber(ReadOnlySpan<char> text, int start, int end) =>
        text[start] is '-' or '+' && start + 1 < end && char.IsAsciiDigit(text[start + 1]);

    private static bool IsHashtag(ReadOnlySpan<char> text, int start, int end) =>
        text[start] == '#' && start + 1 < end && char.IsLetter(text[start + 1]);

    private static void EmitTrailing(ReadOnlySpan<char> text, int from, int end, List<Token> tokens)
    {
        var i = from;
        while (i < end)
        {
            var run = RunLength(text, i, end);
            if (text[i] is '!' or '?')
            {
                // "?!" and "!!!" are one token in EWT.
                while (i + run < end && text[i + run] is '!' or '?')
                {
                    run++;
                }
            }

            tokens.Add(new Token(i, run, false));
            i += run;
        }
    }

    private static int RunLength(ReadOnlySpan<char> text, int start, int end)
    {
        var c = text[start];
        if (!TokenizerLexicon.RunsTogether(c))
        {
            return 1;
        }

        var i = start + 1;
        while (i < end && text[i] == c)
        {
            i++;
        }

        return i - start;
    }

    private static int RunLengthBackward(ReadOnlySpan<char> text, int start, int end)
    {
        var c = text[end - 1];
        var i = end - 1;
        if (TokenizerLexicon.RunsTogether(c) || c is '!' or '?')
        {
            while (i > start && (text[i - 1] == c || (c is '!' or '?' && text[i - 1] is '!' or '?')))
            {
                i--;
            }
        }

        return end - i;
    }

    private static void EmitCore(ReadOnlySpan<char> text, int start, int end, List<Token> tokens)
    {
        var core = text[start..end];
        var cliticAt = TokenizerLexicon.CliticSplitPoint(core);
        if (cliticAt > 0)
        {
            EmitSplitWord(text, start, start + cliticAt, tokens);
            var second = start + cliticAt;
            var secondSplit = TokenizerLexicon.CliticSplitPoint(text[second..end]);
            if (secondSplit > 0 && secondSplit < end - second)
            {
                tokens.Add(new Token(second, secondSplit, false));
                tokens.Add(new Token(second + secondSplit, end - second - secondSplit, false));
            }
            else
            {
                tokens.Add(new Token(second, end - second, false));
            }

            return;
        }

        EmitSplitWord(text, start, end, tokens);
    }

    // 3. Inner splits: hyphen compounds, slashes, "--", "...", and punctuation between letters.
    private static void EmitSplitWord(ReadOnlySpan<char> text, int start, int end, List<Token> tokens)
    {
        var word = text[start..end];
        if (word.Length < 3 || !TokenizerLexicon.NeedsInnerSplit(word))
        {
            tokens.Add(new Token(start, end - start, false));
            return;
        }

        var pieceStart = start;
        var i = start;
        while (i < end)
        {
            var c = text[i];
            var isBreak = false;
            var breakLength = 1;
            if (c == '-' && i > pieceStart && i + 1 < end)
            {
                if (text[i + 1] == '-')
                {
                    breakLength = RunLength(text, i, end);
                    isBreak = true;
                }
                else
                {
                    isBreak = TokenizerLexicon.SplitsHyphen(text[pieceStart..i], text[(i + 1)..end]);
                }
            }
            else if (c == '.' && i + 2 < end && text[i + 1] == '.')
            {
                breakLength = RunLength(text, i, end);
                isBreak = true;
            }
            else if (TokenizerLexicon.IsInnerBreak(c) && i > start && i + 1 < end
                && !(char.IsAsciiDigit(text[i - 1]) && char.IsAsciiDigit(text[i + 1])))
            {
                isBreak = true;
            }

            if (!isBreak)
            {
                i++;
                continue;
            }

            if (i > pieceStart)
            {
                tokens.Add(new Token(pieceStart, i - pieceStart, false));
            }

            tokens.Add(new Token(i, breakLength, false));
            i += breakLength;
            pieceStart = i;
        }

        if (end > pieceStart)
        {
            tokens.Add(new Token(pieceStart, end - pieceStart, false));
        }
    }
}
