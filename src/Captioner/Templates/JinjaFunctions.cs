using System.Collections;
using System.Globalization;

namespace DataForge.Captioner.Templates;

/// <summary>The supported global functions, methods, filters and tests (the parser refuses the others at load).</summary>
internal static class JinjaFunctions
{
    public static object? Call(JinjaExpr.Call call, Func<JinjaExpr, object?> eval)
    {
        var args = call.Args.Select(eval).ToList();
        if (call.Callee is JinjaExpr.Variable { Identifier: var function })
        {
            switch (function)
            {
                case "raise_exception":
                    throw new ChatTemplateException($"chat template raised: {JinjaValues.ToText(args.FirstOrDefault())}");
                case "namespace":
                    var ns = new JinjaNamespace();
                    foreach (var (key, value) in call.Kwargs)
                    {
                        ns[key] = eval(value);
                    }

                    return ns;
                case "range":
                    var (start, stop) = args.Count == 1 ? (0L, Int(args[0])) : (Int(args[0]), Int(args[1]));
                    var step = args.Count > 2 ? Int(args[2]) : 1L;
                    var list = new List<object?>();
                    for (var i = start; step > 0 ? i < stop : i > stop; i += step)
                    {
                        list.Add(i);
                    }

                    return list;
            }
        }

        var attribute = (JinjaExpr.Attribute)call.Callee;
        return Method(eval(attribute.Target), attribute.Name, args);
    }

    public static object? Filter(object? value, JinjaExpr.Filter filter, Func<JinjaExpr, object?> eval)
    {
        var args = filter.Args.Select(eval).ToList();
        return filter.Name switch
        {
            "trim" => JinjaValues.ToText(value).Trim(),
            "length" or "count" => value switch
            {
                string s => (long)s.Length,
                ICollection c => (long)c.Count,
                _ => throw new ChatTemplateException($"chat template: {JinjaValues.TypeName(value)} has no length"),
            },
            "upper" => JinjaValues.ToText(value).ToUpperInvariant(),
            "lower" => JinjaValues.ToText(value).ToLowerInvariant(),
            "capitalize" => Capitalize(JinjaValues.ToText(value)),
            "title" => CultureInfo.InvariantCulture.TextInfo.ToTitleCase(JinjaValues.ToText(value).ToLowerInvariant()),
            "selectattr" => SelectAttr(value, args, keep: true),
            "rejectattr" => SelectAttr(value, args, keep: false),
            "first" => JinjaValues.Iterate(value) is { Count: > 0 } f ? f[0] : JinjaUndefined.Of("first"),
            "last" => JinjaValues.Iterate(value) is { Count: > 0 } l ? l[^1] : JinjaUndefined.Of("last"),
            "join" => string.Join(args.Count > 0 ? JinjaValues.ToText(args[0]) : "", JinjaValues.Iterate(value).Select(JinjaValues.ToText)),
            "default" or "d" => value is JinjaUndefined || (args.Count > 1 && JinjaValues.Truthy(args[1]) && !JinjaValues.Truthy(value)) ? args.FirstOrDefault() ?? "" : value,
            "tojson" => JinjaValues.ToJson(value),
            "list" => JinjaValues.Iterate(value),
            "string" => JinjaValues.ToText(value),
            "int" => value switch
            {
                long l => l,
                double d => (long)d,
                string s when long.TryParse(s.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var p) => p,
                _ => 0L,
            },
            "replace" => JinjaValues.ToText(value).Replace(JinjaValues.ToText(args[0]), JinjaValues.ToText(args[1]), StringComparison.Ordinal),
            "reverse" => value is string s ? new string([.. s.Reverse()]) : Enumerable.Reverse(JinjaValues.Iterate(value)).ToList(),
            "safe" => value,
            _ => throw new ChatTemplateException($"chat template: filter '{filter.Name}' is not supported"),
        };
    }

    public static bool Test(object? value, JinjaExpr.Test test, Func<JinjaExpr, object?> eval)
    {
        var args = test.Args.Select(eval).ToList();
        return test.Name switch
        {
            "defined" => value is not JinjaUndefined,
            "undefined" => value is JinjaUndefined,
            "none" => value is null,
            "string" => value is string,
            "number" => value is long or double,
            "integer" => value is long,
            "boolean" => value is bool,
            "true" => value is true,
            "false" => value is false,
            "mapping" => value is IDictionary<string, object?>,
            "iterable" => value is string or IList or IDictionary<string, object?>,
            "sequence" => value is string or IList or IDictionary<string, object?>,
            "equalto" or "eq" => JinjaValues.AreEqual(value, args[0]),
            "odd" => value is long o && o % 2 != 0,
            "even" => value is long e && e % 2 == 0,
            "in" => JinjaValues.Contains(args[0], value),
            _ => throw new ChatTemplateException($"chat template: test '{test.Name}' is not supported"),
        };
    }

    private static object? Method(object? target, string name, List<object?> args)
    {
        if (target is string s)
        {
            return name switch
            {
                "upper" => s.ToUpperInvariant(),
                "lower" => s.ToLowerInvariant(),
                "strip" => args.Count > 0 ? s.Trim(JinjaValues.ToText(args[0]).ToCharArray()) : s.Trim(),
                "lstrip" => args.Count > 0 ? s.TrimStart(JinjaValues.ToText(args[0]).ToCharArray()) : s.TrimStart(),
                "rstrip" => args.Count > 0 ? s.TrimEnd(JinjaValues.ToText(args[0]).ToCharArray()) : s.TrimEnd(),
                "startswith" => s.StartsWith(JinjaValues.ToText(args[0]), StringComparison.Ordinal),
                "endswith" => s.EndsWith(JinjaValues.ToText(args[0]), StringComparison.Ordinal),
                "split" => (args.Count > 0 && args[0] is string sep
                    ? s.Split(sep)
                    : s.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)).Select(p => (object?)p).ToList(),
                "replace" => s.Replace(JinjaValues.ToText(args[0]), JinjaValues.ToText(args[1]), StringComparison.Ordinal),
                "title" => CultureInfo.InvariantCulture.TextInfo.ToTitleCase(s.ToLowerInvariant()),
                "capitalize" => Capitalize(s),
                _ => throw new ChatTemplateException($"chat template: a string has no method '{name}'"),
            };
        }

        if (target is IDictionary<string, object?> d)
        {
            return name switch
            {
                "items" => d.Select(kv => (object?)new List<object?> { kv.Key, kv.Value }).ToList(),
                "keys" => d.Keys.Select(k => (object?)k).ToList(),
                "values" => d.Values.ToList(),
                "get" => d.TryGetValue(JinjaValues.ToText(args[0]), out var v) ? v : args.Count > 1 ? args[1] : null,
                _ => throw new ChatTemplateException($"chat template: a mapping has no method '{name}'"),
            };
        }

        throw new ChatTemplateException($"chat template: {JinjaValues.TypeName(target)} has no method '{name}'");
    }

    // selectattr('type', 'equalto', 'image') keeps items whose attribute passes the test; with one argument, truthy.
    private static List<object?> SelectAttr(object? value, List<object?> args, bool keep)
    {
        var attribute = JinjaValues.ToText(args[0]);
        var test = args.Count > 1 ? JinjaValues.ToText(args[1]) : null;
        bool Passes(object? item)
        {
            var v = JinjaRenderer.GetAttribute(item, attribute);
            return test switch
            {
                null => JinjaValues.Truthy(v),
                "equalto" or "eq" or "==" => JinjaValues.AreEqual(v, args[2]),
                "ne" or "!=" => !JinjaValues.AreEqual(v, args[2]),
                "defined" => v is not JinjaUndefined,
                "undefined" => v is JinjaUndefined,
                "none" => v is null,
                "string" => v is string,
                _ => throw new ChatTemplateException($"chat template: test '{test}' in selectattr is not supported"),
            };
        }

        return [.. JinjaValues.Iterate(value).Where(item => Passes(item) == keep)];
    }

    private static long Int(object? value) => value as long? ?? throw new ChatTemplateException($"chat template: range() needs integers, not {JinjaValues.TypeName(value)}");

    private static string Capitalize(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..].ToLowerInvariant();
}
