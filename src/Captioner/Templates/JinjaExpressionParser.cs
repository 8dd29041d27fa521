using System.Globalization;

namespace DataForge.Captioner.Templates;

/// <summary>
/// Parses the expression inside a tag with Jinja's precedence (conditional, <c>or</c>, <c>and</c>, <c>not</c>,
/// comparisons and <c>in</c>, <c>+ -</c>, <c>~</c>, <c>* / %</c>, unary minus, then attributes, items, calls,
/// filters and tests). Filters, tests, functions and methods outside the supported set are refused here, at load
/// time, naming the construct.
/// </summary>
internal sealed class JinjaExpressionParser
{
    private static readonly HashSet<string> Filters = new(StringComparer.Ordinal)
    {
        "trim", "length", "count", "upper", "lower", "capitalize", "title", "selectattr", "rejectattr", "first", "last",
        "join", "default", "d", "tojson", "list", "string", "int", "replace", "reverse", "safe",
    };

    private static readonly HashSet<string> Tests = new(StringComparer.Ordinal)
    {
        "defined", "undefined", "none", "string", "number", "integer", "mapping", "iterable", "sequence", "boolean",
        "true", "false", "equalto", "eq", "odd", "even", "in",
    };

    private static readonly HashSet<string> Functions = new(StringComparer.Ordinal) { "raise_exception", "namespace", "range" };

    private static readonly HashSet<string> Methods = new(StringComparer.Ordinal)
    {
        "upper", "lower", "strip", "lstrip", "rstrip", "startswith", "endswith", "split", "replace", "title", "capitalize",
        "items", "keys", "values", "get",
    };

    private readonly List<(char Kind, string Text)> _tokens;
    private readonly string _source;
    private int _pos;

    private JinjaExpressionParser(string source)
    {
        _source = source;
        _tokens = JinjaTokenizer.Tokenize(source);
    }

    /// <summary>Gets whether every token was consumed.</summary>
    public bool AtEnd => _pos >= _tokens.Count;

    /// <summary>Creates a parser over one tag's text.</summary>
    public static JinjaExpressionParser Over(string source) => new(source);

    /// <summary>Parses a whole expression and requires the tag to end there.</summary>
    public static JinjaExpr ParseAll(string source)
    {
        var parser = new JinjaExpressionParser(source);
        var expr = parser.Expression();
        parser.ExpectEnd();
        return expr;
    }

    public void ExpectEnd()
    {
        if (!AtEnd)
        {
            throw Error($"unexpected '{_tokens[_pos].Text}'");
        }
    }

    public bool TryName(string name)
    {
        if (_pos < _tokens.Count && _tokens[_pos] is ('n', var t) && t == name)
        {
            _pos++;
            return true;
        }

        return false;
    }

    public bool TryOp(string op)
    {
        if (_pos < _tokens.Count && _tokens[_pos] is ('o', var t) && t == op)
        {
            _pos++;
            return true;
        }

        return false;
    }

    public string Identifier()
    {
        if (_pos < _tokens.Count && _tokens[_pos].Kind == 'n')
        {
            return _tokens[_pos++].Text;
        }

        throw Error("expected a name");
    }

    public void Op(string op)
    {
        if (!TryOp(op))
        {
            throw Error($"expected '{op}'");
        }
    }

    /// <summary>A full expression, including <c>a if b else c</c>.</summary>
    public JinjaExpr Expression(bool allowConditional = true)
    {
        var value = Or();
        if (allowConditional && TryName("if"))
        {
            var condition = Or();
            JinjaExpr? otherwise = TryName("else") ? Expression() : null;
            return new JinjaExpr.Conditional(condition, value, otherwise);
        }

        return value;
    }

    public JinjaExpr Or()
    {
        var left = And();
        while (TryName("or"))
        {
            left = new JinjaExpr.Binary("or", left, And());
        }

        return left;
    }

    private JinjaExpr And()
    {
        var left = Not();
        while (TryName("and"))
        {
            left = new JinjaExpr.Binary("and", left, Not());
        }

        return left;
    }

    private JinjaExpr Not() => TryName("not") ? new JinjaExpr.Unary("not", Not()) : Compare();

    private JinjaExpr Compare()
    {
        var left = Additive();
        while (true)
        {
            if (_pos < _tokens.Count && _tokens[_pos] is ('o', "==" or "!=" or "<" or ">" or "<=" or ">=" ))
            {
                var op = _tokens[_pos++].Text;
                left = new JinjaExpr.Binary(op, left, Additive());
            }
            else if (TryName("in"))
            {
                left = new JinjaExpr.Binary("in", left, Additive());
            }
            else if (_pos + 1 < _tokens.Count && _tokens[_pos] == ('n', "not") && _tokens[_pos + 1] == ('n', "in"))
            {
                _pos += 2;
                left = new JinjaExpr.Binary("not in", left, Additive());
            }
            else
            {
                return left;
            }
        }
    }

    private JinjaExpr Additive()
    {
        var left = Concat();
        while (_pos < _tokens.Count && _tokens[_pos] is ('o', "+" or "-"))
        {
            var op = _tokens[_pos++].Text;
            left = new JinjaExpr.Binary(op, left, Concat());
        }

        return left;
    }

    private JinjaExpr Concat()
    {
        var left = Multiplicative();
        while (TryOp("~"))
        {
            left = new JinjaExpr.Binary("~", left, Multiplicative());
        }

        return left;
    }

    private JinjaExpr Multiplicative()
    {
        var left = UnaryMinus();
        while (_pos < _tokens.Count && _tokens[_pos] is ('o', "*" or "/" or "%" or "//"))
        {
            var op = _tokens[_pos++].Text;
            left = new JinjaExpr.Binary(op, left, UnaryMinus());
        }

        return left;
    }

    private JinjaExpr UnaryMinus() => TryOp("-") ? new JinjaExpr.Unary("-", UnaryMinus()) : Postfix(Primary());

    private JinjaExpr Primary()
    {
        if (_pos >= _tokens.Count)
        {
            throw Error("expression ends too early");
        }

        var (kind, text) = _tokens[_pos++];
        switch (kind)
        {
            case 's':
                return new JinjaExpr.Literal(text);
            case 'i':
                return new JinjaExpr.Literal(long.Parse(text, CultureInfo.InvariantCulture));
            case 'f':
                return new JinjaExpr.Literal(double.Parse(text, CultureInfo.InvariantCulture));
            case 'n':
                return text switch
                {
                    "true" or "True" => new JinjaExpr.Literal(true),
                    "false" or "False" => new JinjaExpr.Literal(false),
                    "none" or "None" => new JinjaExpr.Literal(null),
                    _ => new JinjaExpr.Variable(text),
                };
        }

        if (text == "(")
        {
            var inner = Expression();
            if (TryOp(","))
            {
                throw Error("tuple literals are not supported");
            }

            Op(")");
            return inner;
        }

        if (text == "[")
        {
            var items = new List<JinjaExpr>();
            while (!TryOp("]"))
            {
                items.Add(Expression());
                if (!TryOp(","))
                {
                    Op("]");
                    break;
                }
            }

            return new JinjaExpr.ListLiteral(items);
        }

        throw Error(text == "{" ? "dict literals are not supported" : $"unexpected '{text}'");
    }

    private JinjaExpr Postfix(JinjaExpr target)
    {
        while (true)
        {
            if (TryOp("."))
            {
                target = new JinjaExpr.Attribute(target, Identifier());
            }
            else if (TryOp("["))
            {
                JinjaExpr? start = _pos < _tokens.Count && _tokens[_pos] == ('o', ":") ? null : Expression();
                if (TryOp(":"))
                {
                    JinjaExpr? stop = _pos < _tokens.Count && _tokens[_pos] == ('o', "]") ? null : Expression();
                    if (TryOp(":"))
                    {
                        throw Error("slices with a step are not supported");
                    }

                    Op("]");
                    target = new JinjaExpr.Slice(target, start, stop);
                }
                else
                {
                    Op("]");
                    target = new JinjaExpr.Item(target, start!);
                }
            }
            else if (TryOp("("))
            {
                var (args, kwargs) = Arguments();
                var name = target switch { JinjaExpr.Variable n => n.Identifier, JinjaExpr.Attribute a => a.Name, _ => "?" };
                if (target is JinjaExpr.Variable && !Functions.Contains(name))
                {
                    throw Error($"function '{name}' is not supported (supported: {string.Join(", ", Functions)})");
                }

                if (target is JinjaExpr.Attribute && !Methods.Contains(name))
                {
                    throw Error($"method '.{name}()' is not supported");
                }

                target = new JinjaExpr.Call(target, args, kwargs);
            }
            else if (TryOp("|"))
            {
                var name = Identifier();
                if (!Filters.Contains(name))
                {
                    throw Error($"filter '{name}' is not supported");
                }

                var (args, kwargs) = TryOp("(") ? Arguments() : ([], []);
                target = new JinjaExpr.Filter(target, name, args, kwargs);
            }
            else if (TryName("is"))
            {
                var negated = TryName("not");
                var name = _pos < _tokens.Count && _tokens[_pos] is ('o', "==") ? _tokens[_pos++].Text : Identifier();
                name = name == "==" ? "eq" : name;
                if (!Tests.Contains(name))
                {
                    throw Error($"test '{name}' is not supported");
                }

                var args = new List<JinjaExpr>();
                if (TryOp("("))
                {
                    args.AddRange(Arguments().Args);
                }
                else if (name is "equalto" or "eq" or "in")
                {
                    args.Add(Postfix(Primary()));
                }

                target = new JinjaExpr.Test(target, name, args, negated);
            }
            else
            {
                return target;
            }
        }
    }

    private (List<JinjaExpr> Args, List<KeyValuePair<string, JinjaExpr>> Kwargs) Arguments()
    {
        var args = new List<JinjaExpr>();
        var kwargs = new List<KeyValuePair<string, JinjaExpr>>();
        while (!TryOp(")"))
        {
            if (_pos + 1 < _tokens.Count && _tokens[_pos].Kind == 'n' && _tokens[_pos + 1] == ('o', "="))
            {
                var key = _tokens[_pos].Text;
                _pos += 2;
                kwargs.Add(new(key, Expression()));
            }
            else
            {
                args.Add(Expression());
            }

            if (!TryOp(","))
            {
                Op(")");
                break;
            }
        }

        return (args, kwargs);
    }

    private ChatTemplateException Error(string what) => new($"chat template: {what} in '{{{{ {_source} }}}}' / '{{% {_source} %}}'");
}
