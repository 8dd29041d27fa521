namespace DataForge.Captioner.Templates;

/// <summary>
/// Builds the statement tree from segments: <c>for</c> (with <c>else</c> and an <c>if</c> filter), <c>if</c>/<c>elif</c>/
/// <c>else</c>, <c>set</c> (a variable or a namespace attribute), transformers' <c>generation</c> block and the
/// loop controls <c>break</c>/<c>continue</c>. Any other statement is refused, naming it.
/// </summary>
internal sealed class JinjaParser
{
    private readonly List<JinjaSegment> _segments;
    private int _pos;

    private JinjaParser(List<JinjaSegment> segments) => _segments = segments;

    public static IReadOnlyList<JinjaNode> Parse(string source)
    {
        var parser = new JinjaParser(JinjaSegmenter.Split(source));
        var body = parser.Block(out var end);
        if (end is not null)
        {
            throw new ChatTemplateException($"chat template: '{{% {end} %}}' has no opening statement");
        }

        return body;
    }

    // Parses nodes until a statement that closes or continues the enclosing block; returns its keyword line.
    private List<JinjaNode> Block(out string? terminator)
    {
        var nodes = new List<JinjaNode>();
        while (_pos < _segments.Count)
        {
            var segment = _segments[_pos++];
            switch (segment.Kind)
            {
                case JinjaSegmentKind.Text:
                    nodes.Add(new JinjaNode.Text(segment.Content));
                    continue;
                case JinjaSegmentKind.Output:
                    nodes.Add(new JinjaNode.Output(JinjaExpressionParser.ParseAll(segment.Content)));
                    continue;
            }

            var keyword = Keyword(segment.Content);
            var rest = segment.Content[keyword.Length..].Trim();
            switch (keyword)
            {
                case "endfor" or "endif" or "else" or "elif" or "endgeneration":
                    terminator = segment.Content;
                    return nodes;
                case "for":
                    nodes.Add(For(rest));
                    break;
                case "if":
                    nodes.Add(If(rest));
                    break;
                case "set":
                    nodes.Add(Set(rest));
                    break;
                case "generation":
                    nodes.Add(new JinjaNode.Generation(Expect(Block(out var g), g, "endgeneration")));
                    break;
                case "break":
                    nodes.Add(new JinjaNode.Break());
                    break;
                case "continue":
                    nodes.Add(new JinjaNode.Continue());
                    break;
                default:
                    throw new ChatTemplateException($"chat template: the '{keyword}' statement is not supported (supported: for, if, set, generation, break, continue)");
            }
        }

        terminator = null;
        return nodes;
    }

    private JinjaNode For(string header)
    {
        var p = JinjaExpressionParser.Over(header);
        var targets = new List<string> { p.Identifier() };
        while (p.TryOp(","))
        {
            targets.Add(p.Identifier());
        }

        if (!p.TryName("in"))
        {
            throw new ChatTemplateException($"chat template: expected 'in' in '{{% for {header} %}}'");
        }

        var items = p.Expression(allowConditional: false);
        var filter = p.TryName("if") ? p.Expression(allowConditional: false) : null;
        if (p.TryName("recursive"))
        {
            throw new ChatTemplateException("chat template: recursive for loops are not supported");
        }

        p.ExpectEnd();
        var body = Block(out var end);
        var otherwise = new List<JinjaNode>();
        if (end is not null && Keyword(end) == "else")
        {
            otherwise = Block(out end);
        }

        return new JinjaNode.For(targets, items, filter, Expect(body, end, "endfor"), otherwise);
    }

    private JinjaNode If(string condition)
    {
        var branches = new List<(JinjaExpr, IReadOnlyList<JinjaNode>)>();
        var otherwise = new List<JinjaNode>();
        var test = JinjaExpressionParser.ParseAll(condition);
        while (true)
        {
            var body = Block(out var end);
            branches.Add((test, body));
            switch (end is null ? null : Keyword(end))
            {
                case "elif":
                    test = JinjaExpressionParser.ParseAll(end![4..]);
                    continue;
                case "else":
                    otherwise = Block(out end);
                    Expect(otherwise, end, "endif");
                    return new JinjaNode.If(branches, otherwise);
                default:
                    Expect(body, end, "endif");
                    return new JinjaNode.If(branches, otherwise);
            }
        }
    }

    private static JinjaNode Set(string assignment)
    {
        var p = JinjaExpressionParser.Over(assignment);
        var name = p.Identifier();
        var attribute = p.TryOp(".") ? p.Identifier() : null;
        if (!p.TryOp("="))
        {
            throw new ChatTemplateException($"chat template: block assignments ('{{% set {assignment} %}}' … '{{% endset %}}') and tuple unpacking are not supported");
        }

        var value = p.Expression();
        p.ExpectEnd();
        return new JinjaNode.Set(name, attribute, value);
    }

    private static List<JinjaNode> Expect(List<JinjaNode> body, string? end, string keyword) =>
        end is not null && Keyword(end) == keyword
            ? body
            : throw new ChatTemplateException($"chat template: expected '{{% {keyword} %}}' but found {(end is null ? "the end of the template" : $"'{{% {end} %}}'")}");

    private static string Keyword(string statement)
    {
        var end = 0;
        while (end < statement.Length && (char.IsAsciiLetter(statement[end]) || statement[end] == '_'))
        {
            end++;
        }

        return statement[..end];
    }
}
