using System.Text;

namespace DataForge.Captioner.Templates;

/// <summary>
/// Splits a tag's text into tokens: names ('n'), strings with Python escapes ('s'), integers ('i'), floats ('f') and
/// operators ('o'). An operator outside the supported set (<c>**</c>, <c>@</c>, …) is refused here.
/// </summary>
internal static class JinjaTokenizer
{
    public static List<(char Kind, string Text)> Tokenize(string s)
    {
        var tokens = new List<(char, string)>();
        var i = 0;
        while (i < s.Length)
        {
            var c = s[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
            }
            else if (char.IsAsciiLetter(c) || c == '_')
            {
                var start = i;
                while (i < s.Length && (char.IsAsciiLetterOrDigit(s[i]) || s[i] == '_'))
                {
                    i++;
                }

                tokens.Add(('n', s[start..i]));
            }
            else if (char.IsAsciiDigit(c))
            {
                var start = i;
                while (i < s.Length && (char.IsAsciiDigit(s[i]) || (s[i] == '.' && i + 1 < s.Length && char.IsAsciiDigit(s[i + 1]))))
                {
                    i++;
                }

                var number = s[start..i];
                tokens.Add((number.Contains('.', StringComparison.Ordinal) ? 'f' : 'i', number));
            }
            else if (c is '\'' or '"')
            {
                tokens.Add(('s', ReadString(s, ref i)));
            }
            else
            {
                var two = i + 1 < s.Length ? s.Substring(i, 2) : "";
                var op = two is "==" or "!=" or "<=" or ">=" or "//" or "**" ? two : c.ToString();
                if (op == "**" || (op.Length == 1 && !"()[]{},.:|~+-*/%<>=".Contains(op[0], StringComparison.Ordinal)))
                {
                    throw new ChatTemplateException($"chat template: '{op}' is not supported in '{s}'");
                }

                tokens.Add(('o', op));
                i += op.Length;
            }
        }

        return tokens;
    }

    // Python string literal escapes, as Jinja reads them.
    private static string ReadString(string s, ref int i)
    {
        var quote = s[i++];
        var sb = new StringBuilder();
        while (i < s.Length && s[i] != quote)
        {
            if (s[i] == '\\' && i + 1 < s.Length)
            {
                i++;
                sb.Append(s[i] switch { 'n' => '\n', 't' => '\t', 'r' => '\r', '\\' => '\\', '\'' => '\'', '"' => '"', '0' => '\0', var other => UnknownEscape(sb, other) });
            }
            else
            {
                sb.Append(s[i]);
            }

            i++;
        }

        if (i >= s.Length)
        {
            throw new ChatTemplateException($"chat template: unterminated string in '{s}'");
        }

        i++;
        return sb.ToString();
    }

    // Python keeps an unknown escape as written: backslash and character.
    private static char UnknownEscape(StringBuilder sb, char c)
    {
        sb.Append('\\');
        return c;
    }
}
