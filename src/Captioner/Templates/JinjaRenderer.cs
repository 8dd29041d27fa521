using System.Collections;
using System.Globalization;
using System.Text;

namespace DataForge.Captioner.Templates;

/// <summary>Evaluates a parsed template against variables, with Jinja's scoping: a <c>for</c> body's assignments stay in the loop.</summary>
internal sealed class JinjaRenderer
{
    private readonly StringBuilder _out = new();
    private readonly List<Dictionary<string, object?>> _scopes = [];

    private JinjaRenderer(IReadOnlyDictionary<string, object?> variables) =>
        _scopes.Add(new Dictionary<string, object?>(variables, StringComparer.Ordinal));

    private enum Flow
    {
        Normal,
        Break,
        Continue,
    }

    public static string Render(IReadOnlyList<JinjaNode> nodes, IReadOnlyDictionary<string, object?> variables)
    {
        var renderer = new JinjaRenderer(variables);
        renderer.Run(nodes);
        return renderer._out.ToString();
    }

    private Flow Run(IReadOnlyList<JinjaNode> nodes)
    {
        foreach (var node in nodes)
        {
            var flow = Execute(node);
            if (flow != Flow.Normal)
            {
                return flow;
            }
        }

        return Flow.Normal;
    }

    private Flow Execute(JinjaNode node)
    {
        switch (node)
        {
            case JinjaNode.Text t:
                _out.Append(t.Value);
                break;
            case JinjaNode.Output o:
                _out.Append(JinjaValues.ToText(Eval(o.Value)));
                break;
            case JinjaNode.If i:
                foreach (var (condition, body) in i.Branches)
                {
                    if (JinjaValues.Truthy(Eval(condition)))
                    {
                        return Run(body);
                    }
                }

                return Run(i.Else);
            case JinjaNode.For f:
                return Loop(f);
            case JinjaNode.Set s when s.Attribute is null:
                _scopes[^1][s.Name] = Eval(s.Value);
                break;
            case JinjaNode.Set s:
                if (Lookup(s.Name) is not JinjaNamespace ns)
                {
                    throw new ChatTemplateException($"chat template: '{s.Name}.{s.Attribute}' can only be set on a namespace()");
                }

                ns[s.Attribute!] = Eval(s.Value);
                break;
            case JinjaNode.Generation g:
                return Run(g.Body);
            case JinjaNode.Break:
                return Flow.Break;
            case JinjaNode.Continue:
                return Flow.Continue;
        }

        return Flow.Normal;
    }

    private Flow Loop(JinjaNode.For f)
    {
        var items = JinjaValues.Iterate(Eval(f.Items));
        _scopes.Add(new Dictionary<string, object?>(StringComparer.Ordinal));
        try
        {
            if (f.Filter is not null)
            {
                items = [.. items.Where(item => { Bind(f.Targets, item); return JinjaValues.Truthy(Eval(f.Filter)); })];
            }

            for (var index = 0; index < items.Count; index++)
            {
                _scopes[^1].Clear();
                Bind(f.Targets, items[index]);
                _scopes[^1]["loop"] = new Dictionary<string, object?>(StringComparer.Ordinal)
                {
                    ["index"] = (long)index + 1, ["index0"] = (long)index, ["first"] = index == 0, ["last"] = index == items.Count - 1,
                    ["length"] = (long)items.Count, ["revindex"] = (long)(items.Count - index), ["revindex0"] = (long)(items.Count - index - 1),
                    ["previtem"] = index > 0 ? items[index - 1] : JinjaUndefined.Of("loop.previtem"),
                    ["nextitem"] = index + 1 < items.Count ? items[index + 1] : JinjaUndefined.Of("loop.nextitem"),
                };
                if (Run(f.Body) == Flow.Break)
                {
                    break;
                }
            }

            if (items.Count == 0)
            {
                _scopes[^1].Clear();
                Run(f.Else);
            }
        }
        finally
        {
            _scopes.RemoveAt(_scopes.Count - 1);
        }

        return Flow.Normal;
    }

    private void Bind(IReadOnlyList<string> targets, object? item)
    {
        if (targets.Count == 1)
        {
            _scopes[^1][targets[0]] = item;
            return;
        }

        var parts = item as IList ?? throw new ChatTemplateException($"chat template: cannot unpack {JinjaValues.TypeName(item)} into {string.Join(", ", targets)}");
        if (parts.Count != targets.Count)
        {
            throw new ChatTemplateException($"chat template: cannot unpack {parts.Count} values into {string.Join(", ", targets)}");
        }

        for (var i = 0; i < targets.Count; i++)
        {
            _scopes[^1][targets[i]] = parts[i];
        }
    }

    private object? Lookup(string name)
    {
        for (var i = _scopes.Count - 1; i >= 0; i--)
        {
            if (_scopes[i].TryGetValue(name, out var value))
            {
                return value;
            }
        }

        return JinjaUndefined.Of(name);
    }

    private object? Eval(JinjaExpr expr) => expr switch
    {
        JinjaExpr.Literal l => l.Value,
        JinjaExpr.Variable n => Lookup(n.Identifier),
        JinjaExpr.ListLiteral l => l.Items.Select(Eval).ToList(),
        JinjaExpr.Attribute a => GetAttribute(Eval(a.Target), a.Name),
        JinjaExpr.Item i => GetItem(Eval(i.Target), Eval(i.Index)),
        JinjaExpr.Slice s => Slice(Eval(s.Target), s.Start is null ? null : Eval(s.Start), s.Stop is null ? null : Eval(s.Stop)),
        JinjaExpr.Call c => JinjaFunctions.Call(c, Eval),
        JinjaExpr.Filter f => JinjaFunctions.Filter(Eval(f.Target), f, Eval),
        JinjaExpr.Test t => JinjaFunctions.Test(Eval(t.Target), t, Eval) != t.Negated,
        JinjaExpr.Unary { Operator: "not" } u => !JinjaValues.Truthy(Eval(u.Operand)),
        JinjaExpr.Unary u => Eval(u.Operand) switch
        {
            long v => (object)(-v),
            double v => -v,
            var v => throw new ChatTemplateException($"chat template: cannot negate {JinjaValues.TypeName(v)}"),
        },
        JinjaExpr.Binary { Operator: "and" } b => JinjaValues.Truthy(Eval(b.Left)) ? Eval(b.Right) : Eval(b.Left),
        JinjaExpr.Binary { Operator: "or" } b => Eval(b.Left) is var left && JinjaValues.Truthy(left) ? left : Eval(b.Right),
        JinjaExpr.Binary b => Binary(b.Operator, Eval(b.Left), Eval(b.Right)),
        JinjaExpr.Conditional c => JinjaValues.Truthy(Eval(c.Condition)) ? Eval(c.Then) : c.Otherwise is null ? JinjaUndefined.Of("else") : Eval(c.Otherwise),
        _ => throw new ChatTemplateException($"chat template: cannot evaluate {expr.GetType().Name}"),
    };

    internal static object? GetAttribute(object? target, string name) => target switch
    {
        IDictionary<string, object?> d => d.TryGetValue(name, out var v) ? v : JinjaUndefined.Of(name),
        JinjaUndefined u => throw new ChatTemplateException($"chat template: '{u.Name}' is undefined, so it has no attribute '{name}'"),
        _ => JinjaUndefined.Of(name),
    };

    private static object? GetItem(object? target, object? index) => (target, index) switch
    {
        (IDictionary<string, object?> d, string key) => d.TryGetValue(key, out var v) ? v : JinjaUndefined.Of(key),
        (IList l, long i) when i < l.Count && i >= -l.Count => l[(int)(i < 0 ? i + l.Count : i)],
        (string s, long i) when i < s.Length && i >= -s.Length => s[(int)(i < 0 ? i + s.Length : i)].ToString(),
        (JinjaUndefined u, _) => throw new ChatTemplateException($"chat template: '{u.Name}' is undefined, so it has no item {JinjaValues.Repr(index)}"),
        _ => JinjaUndefined.Of(JinjaValues.Repr(index)),
    };

    private static object? Slice(object? target, object? start, object? stop)
    {
        var count = target switch
        {
            IList l => l.Count,
            string s => s.Length,
            _ => throw new ChatTemplateException($"chat template: cannot slice {JinjaValues.TypeName(target)}"),
        };
        int Bound(object? v, int open) => v switch
        {
            null => open,
            long i => (int)Math.Clamp(i < 0 ? i + count : i, 0, count),
            _ => throw new ChatTemplateException($"chat template: slice bounds must be integers, not {JinjaValues.TypeName(v)}"),
        };
        var (from, to) = (Bound(start, 0), Bound(stop, count));
        to = Math.Max(from, to);
        return target is string text ? text[from..to] : ((IList)target!).Cast<object?>().Skip(from).Take(to - from).ToList();
    }

    private static object? Binary(string op, object? left, object? right) => op switch
    {
        "~" => JinjaValues.ToText(left) + JinjaValues.ToText(right),
        "==" => JinjaValues.AreEqual(left, right),
        "!=" => !JinjaValues.AreEqual(left, right),
        "<" => JinjaValues.Compare(left, right) < 0,
        ">" => JinjaValues.Compare(left, right) > 0,
        "<=" => JinjaValues.Compare(left, right) <= 0,
        ">=" => JinjaValues.Compare(left, right) >= 0,
        "in" => JinjaValues.Contains(right, left),
        "not in" => !JinjaValues.Contains(right, left),
        "+" when left is string a && right is string b => a + b,
        "+" when left is IList a && right is IList b => a.Cast<object?>().Concat(b.Cast<object?>()).ToList(),
        _ => Arithmetic(op, left, right),
    };

    private static object? Arithmetic(string op, object? left, object? right)
    {
        if (left is long a && right is long b)
        {
            // object-typed arms: a switch of long and double arms would widen every result to double.
            return op switch
            {
                "+" => (object)(a + b),
                "-" => a - b,
                "*" => a * b,
                "/" => (double)a / b,
                "//" => (long)Math.Floor((double)a / b),
                "%" => ((a % b) + b) % b,
                _ => throw new ChatTemplateException($"chat template: operator '{op}' is not supported"),
            };
        }

        if (left is long or double && right is long or double && left is not bool && right is not bool)
        {
            var (x, y) = (Convert.ToDouble(left, CultureInfo.InvariantCulture), Convert.ToDouble(right, CultureInfo.InvariantCulture));
            return op switch
            {
                "+" => x + y,
                "-" => x - y,
                "*" => x * y,
                "/" => x / y,
                _ => throw new ChatTemplateException($"chat template: operator '{op}' on floats is not supported"),
            };
        }

        throw new ChatTemplateException($"chat template: cannot apply '{op}' to {JinjaValues.TypeName(left)} and {JinjaValues.TypeName(right)}");
    }
}
