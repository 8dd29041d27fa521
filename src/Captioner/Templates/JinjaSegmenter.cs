namespace DataForge.Captioner.Templates;

/// <summary>
/// Cuts template source into text, <c>{{ }}</c> and <c>{% %}</c> segments, applying whitespace control the way
/// transformers' Jinja environment does: <c>trim_blocks</c> (the first newline after a statement or comment tag is
/// dropped), <c>lstrip_blocks</c> (spaces and tabs before a statement or comment tag at the start of a line are
/// dropped) and the <c>-</c> markers (all whitespace on that side is dropped).
/// </summary>
internal static class JinjaSegmenter
{
    public static List<JinjaSegment> Split(string source)
    {
        var raw = new List<(JinjaSegmentKind? Kind, string Content, int Offset, bool DashLeft, bool DashRight, bool PlusLeft)>();
        var pos = 0;
        while (pos < source.Length)
        {
            var open = NextOpen(source, pos);
            if (open < 0)
            {
                raw.Add((JinjaSegmentKind.Text, source[pos..], pos, false, false, false));
                break;
            }

            raw.Add((JinjaSegmentKind.Text, source[pos..open], pos, false, false, false));
            var marker = source[open + 1];
            var close = marker switch { '{' => "}}", '%' => "%}", _ => "#}" };
            var end = source.IndexOf(close, open + 2, StringComparison.Ordinal);
            if (end < 0)
            {
                throw new ChatTemplateException($"chat template: '{source.Substring(open, 2)}' at offset {open} is never closed");
            }

            var inner = source[(open + 2)..end];
            var dashLeft = inner.StartsWith('-');
            var plusLeft = inner.StartsWith('+');
            var dashRight = inner.EndsWith('-') && inner.Length > (dashLeft ? 1 : 0);
            var body = inner[((dashLeft || plusLeft) ? 1 : 0)..(dashRight ? inner.Length - 1 : inner.Length)].Trim();
            JinjaSegmentKind? kind = marker switch { '{' => JinjaSegmentKind.Output, '%' => JinjaSegmentKind.Statement, _ => null };
            raw.Add((kind, body, open, dashLeft, dashRight, plusLeft));
            pos = end + 2;
        }

        var result = new List<JinjaSegment>();
        for (var i = 0; i < raw.Count; i++)
        {
            var (kind, content, offset, _, _, _) = raw[i];
            if (kind is null)
            {
                continue; // a comment: only its whitespace effects remain
            }

            if (kind != JinjaSegmentKind.Text)
            {
                result.Add(new JinjaSegment(kind.Value, content, offset));
                continue;
            }

            var previous = i > 0 ? raw[i - 1] : default;
            var next = i + 1 < raw.Count ? raw[i + 1] : default;
            var previousIsTag = i > 0;
            var nextIsTag = i + 1 < raw.Count;
            // Jinja counts text as starting a line when it opens the template or follows a newline in the source,
            // which includes the one trim_blocks just took.
            var lineStart = !previousIsTag;
            if (previousIsTag && previous.DashRight)
            {
                content = content.TrimStart();
            }
            else if (previousIsTag && previous.Kind != JinjaSegmentKind.Output && content.StartsWith('\n'))
            {
                content = content[1..];
                lineStart = true;
            }
            else if (previousIsTag && previous.Kind != JinjaSegmentKind.Output && content.StartsWith("\r\n", StringComparison.Ordinal))
            {
                content = content[2..];
                lineStart = true;
            }

            if (nextIsTag && next.DashLeft)
            {
                content = content.TrimEnd();
            }
            else if (nextIsTag && next.Kind != JinjaSegmentKind.Output && !next.PlusLeft)
            {
                content = StripLineIndent(content, lineStart);
            }

            if (content.Length > 0)
            {
                result.Add(new JinjaSegment(JinjaSegmentKind.Text, content, offset));
            }
        }

        return result;
    }

    private static int NextOpen(string source, int from)
    {
        for (var i = source.IndexOf('{', from); i >= 0 && i + 1 < source.Length; i = source.IndexOf('{', i + 1))
        {
            if (source[i + 1] is '{' or '%' or '#')
            {
                return i;
            }
        }

        return -1;
    }

    // lstrip_blocks: spaces and tabs between the last newline (or a line start) and the tag go.
    private static string StripLineIndent(string content, bool lineStart)
    {
        var cut = content.Length;
        while (cut > 0 && content[cut - 1] is ' ' or '\t')
        {
            cut--;
        }

        return cut == 0 ? (lineStart ? "" : content) : content[cut - 1] == '\n' ? content[..cut] : content;
    }
}
