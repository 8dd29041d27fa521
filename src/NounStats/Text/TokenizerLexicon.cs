using System.Buffers;

namespace DataForge.NounStats.Text;

/// <summary>
/// The word lists and character classes behind <see cref="UdTokenizer"/>. The lists were checked against
/// UD_English-EWT train: which hyphen prefixes stay joined, which clitics are split, which abbreviations keep
/// their period.
/// </summary>
internal static class TokenizerLexicon
{
    private static readonly SearchValues<char> InnerSplitChars = SearchValues.Create("-/,;\"()[]!?:“”….");

    // Prefixes that EWT keeps joined to the rest of a hyphenated word (from its train split).
    private static readonly HashSet<string> JoinedPrefixes = new(
        [
            "anti", "bi", "co", "counter", "cross", "de", "ex", "extra", "hyper", "inter", "intra", "macro", "meta",
            "micro", "mid", "mini", "multi", "neo", "non", "over", "pan", "post", "pre", "pro", "pseudo", "psycho",
            "mis", "re", "semi", "socio", "sub", "super", "trans", "tri", "ultra", "un", "uni", "vice",
        ],
        StringComparer.OrdinalIgnoreCase);

    private static readonly HashSet<string> Abbreviations = new(
        [
            "mr", "mrs", "ms", "dr", "prof", "st", "jr", "sr", "inc", "ltd", "co", "corp", "vs", "etc", "no", "nos",
            "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "mon", "tue",
            "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun", "approx", "dept", "est", "fig", "gov", "gen",
            "rep", "sen", "sgt", "capt", "col", "lt", "mt", "ave", "blvd", "rd", "hwy", "ft", "oz", "lb", "lbs",
            "misc", "tel", "ext", "vol", "pp", "ca", "cf", "al", "govt", "assn", "bros", "messrs", "mme", "mlle",
        ],
        StringComparer.OrdinalIgnoreCase);

    private static readonly HashSet<string> Emoticons = new(
        [
            ":)", ":-)", ":(", ":-(", ";)", ";-)", ":D", ":-D", ":P", ":-P", ":p", ":-p", ":/", ":-/", "<3", "^_^",
            "^^", "xD", "XD", ":o", ":O", "=)", "=(", ":'(", ";-(", "-_-", ":]", ":[", ":|", "8)", "B)",
        ],
        StringComparer.Ordinal);

    // Apostrophe-less contractions EWT splits as multiword tokens, with the length of their first word.
    private static readonly Dictionary<string, int> BareContractions = new(StringComparer.OrdinalIgnoreCase)
    {
        ["dont"] = 2, ["didnt"] = 3, ["doesnt"] = 4, ["isnt"] = 2, ["wasnt"] = 3, ["arent"] = 3, ["werent"] = 4,
        ["havent"] = 4, ["hasnt"] = 3, ["hadnt"] = 3, ["couldnt"] = 5, ["wouldnt"] = 5, ["shouldnt"] = 6,
        ["cant"] = 2, ["wont"] = 2, ["aint"] = 2, ["cannot"] = 3, ["gonna"] = 3, ["wanna"] = 3, ["gotta"] = 3,
        ["im"] = 1, ["ive"] = 1, ["youre"] = 3, ["thats"] = 4, ["theyre"] = 4, ["whats"] = 4,
    };

    private static readonly HashSet<string> SlashAbbreviations = new(["b/c", "w/o", "w/", "a/c", "n/a", "c/o"], StringComparer.OrdinalIgnoreCase);

    private static readonly string[] Clitics = ["n't", "'s", "'re", "'ve", "'ll", "'d", "'m"];

    public static bool IsEmoticon(ReadOnlySpan<char> chunk) =>
        chunk.Length is >= 2 and <= 4 && Emoticons.GetAlternateLookup<ReadOnlySpan<char>>().Contains(chunk);

    public static bool LooksLikeUrlOrEmail(ReadOnlySpan<char> chunk)
    {
        // Every form recognized below contains a period or a colon; most words have neither.
        if (chunk.Length < 5 || chunk.IndexOfAny('.', ':') < 0)
        {
            return false;
        }

        if (chunk.StartsWith("http://", StringComparison.OrdinalIgnoreCase)
            || chunk.StartsWith("https://", StringComparison.OrdinalIgnoreCase)
            || chunk.StartsWith("www.", StringComparison.OrdinalIgnoreCase)
            || chunk.StartsWith("ftp://", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        var at = chunk.IndexOf('@');
        if (at > 0 && char.IsLetterOrDigit(chunk[at - 1]) && chunk[(at + 1)..].IndexOf('.') > 0)
        {
            return true;
        }

        var trimmed = chunk.TrimEnd(".,;:!?)]\"'");
        return trimmed.EndsWith(".com", StringComparison.OrdinalIgnoreCase)
            || trimmed.EndsWith(".org", StringComparison.OrdinalIgnoreCase)
            || trimmed.EndsWith(".net", StringComparison.OrdinalIgnoreCase)
            || trimmed.EndsWith(".edu", StringComparison.OrdinalIgnoreCase)
            || trimmed.EndsWith(".gov", StringComparison.OrdinalIgnoreCase);
    }

    public static bool IsUrlTrailingPunctuation(char c) => c is '.' or ',' or ';' or ':' or '!' or '?' or ')' or ']' or '}' or '"' or '\'' or '”' or '’' or '>';

    public static bool IsLeadingPunctuation(char c) =>
        c is '(' or '[' or '{' or '"' or '\'' or '“' or '‘' or '«' or '`' or '*' or '$' or '£' or '€' or '¥' or '#'
            or '~' or '<' or '>' or '…' or '-' or ',' or ';' or ':' or '!' or '?' or '/' or '=' or '+' or '|' or '_'
            or '^' or '.' or '&' or '@' or '–' or '—' or '•' or '¿' or '¡';

    public static bool IsTrailingPunctuation(char c) =>
        c is ')' or ']' or '}' or '"' or '\'' or '”' or '’' or '»' or ',' or ';' or ':' or '!' or '?' or '…' or '*'
            or '%' or '-' or '/' or '=' or '|' or '_' or '~' or '>' or '<' or '–' or '—' or '•' or '$';

    public static bool IsSlashAbbreviation(ReadOnlySpan<char> word) =>
        word.Length is >= 2 and <= 4 && word.Contains('/') && SlashAbbreviations.GetAlternateLookup<ReadOnlySpan<char>>().Contains(word.TrimEnd(".,;:!?)"));

    public static bool RunsTogether(char c) => c is '$' or '.' or '-' or '*' or '=' or '_' or '\'' or '`' or '~' or '>' or '<' or '#' or '+' or '^' or '!' or '?';

    public static bool IsInnerBreak(char c) => c is '/' or ',' or ';' or '"' or '(' or ')' or '[' or ']' or '!' or '?' or ':' or '“' or '”' or '…' or '–' or '—';

    public static bool NeedsInnerSplit(ReadOnlySpan<char> word) => word[1..^1].ContainsAny(InnerSplitChars) || word.Contains('–') || word.Contains('—');

    /// <summary>Whether a word that ends in a single period keeps it (abbreviations, initials, <c>U.S.</c>).</summary>
    public static bool KeepsFinalPeriod(ReadOnlySpan<char> wordWithPeriod)
    {
        var stem = wordWithPeriod[..^1];
        if (stem.Length == 0)
        {
            return false;
        }

        if (stem.Length == 1)
        {
            return char.IsLetter(stem[0]);
        }

        if (stem.Contains('.'))
        {
            // e.g. U.S. / a.m. / e.g.: single letters separated by periods.
            for (var i = 0; i < stem.Length; i++)
            {
                var expectLetter = i % 2 == 0;
                if (expectLetter ? !char.IsLetter(stem[i]) : stem[i] != '.')
                {
                    return false;
                }
            }

            return true;
        }

        return stem.Length <= 6 && Abbreviations.GetAlternateLookup<ReadOnlySpan<char>>().Contains(stem);
    }

    /// <summary>Returns where a trailing clitic starts in <paramref name="core"/>, or 0 when there is none.</summary>
    public static int CliticSplitPoint(ReadOnlySpan<char> core)
    {
        if (core.Length <= 2)
        {
            return 0;
        }

        // Every bare contraction ends in t, a, m, e or s (in any case); the guard skips the case-insensitive lookup.
        if (core.Length <= 8 && char.ToUpperInvariant(core[^1]) is 'T' or 'A' or 'M' or 'E' or 'S' && BareContractions.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(core, out var at))
        {
            return at;
        }

        foreach (var clitic in Clitics)
        {
            if (core.Length > clitic.Length && EndsWithClitic(core, clitic))
            {
                var split = core.Length - clitic.Length;
                return char.IsLetter(core[split - 1]) ? split : 0;
            }
        }

        return 0;
    }

    public static bool SplitsHyphen(ReadOnlySpan<char> left, ReadOnlySpan<char> right)
    {
        if (left.Length == 0 || right.Length == 0 || !char.IsLetter(right[0]))
        {
            return false;
        }

        if (IsNumber(left))
        {
            // "15-year", "18,000-person".
            return true;
        }

        if (left.Length <= 1 || !char.IsLetter(left[^1]))
        {
            return false;
        }

        return !JoinedPrefixes.GetAlternateLookup<ReadOnlySpan<char>>().Contains(left);
    }

    private static bool IsNumber(ReadOnlySpan<char> s)
    {
        foreach (var c in s)
        {
            if (!char.IsAsciiDigit(c) && c is not (',' or '.'))
            {
                return false;
            }
        }

        return char.IsAsciiDigit(s[0]);
    }

    // Compares with ’ treated as ' so curly-quote clitics split too.
    private static bool EndsWithClitic(ReadOnlySpan<char> core, string clitic)
    {
        var offset = core.Length - clitic.Length;
        for (var i = 0; i < clitic.Length; i++)
        {
            var c = core[offset + i];
            var expected = clitic[i];
            if (expected == '\'')
            {
                if (c is not ('\'' or '’'))
                {
                    return false;
                }
            }
            else if (char.ToLowerInvariant(c) != expected)
            {
                return false;
            }
        }

        return true;
    }
}
