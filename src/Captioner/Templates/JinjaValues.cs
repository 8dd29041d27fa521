using System.Collections;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace DataForge.Captioner.Templates;

/// <summary>Python semantics for template values: strings, longs, doubles, booleans, null (None), lists, dictionaries.</summary>
internal static class JinjaValues
{
    public static bool Truthy(object? value) => value switch
    {
        null or JinjaUndefined => false,
        bool b => b,
        long l => l != 0,
        double d => d != 0,
        string s => s.Length > 0,
        ICollection c => c.Count > 0,
        _ => true,
    };

    /// <summary>Python's <c>str()</c>, which <c>{{ }}</c> and <c>~</c> use.</summary>
    public static string ToText(object? value) => value switch
    {
        null => "None",
        JinjaUndefined => "",
        string s => s,
        bool b => b ? "True" : "False",
        long l => l.ToString(CultureInfo.InvariantCulture),
        double d => PythonFloat(d),
        _ => Repr(value),
    };

    public static string Repr(object? value) => value switch
    {
        string s => "'" + s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal) + "'",
        IDictionary<string, object?> d => "{" + string.Join(", ", d.Select(kv => Repr(kv.Key) + ": " + Repr(kv.Value))) + "}",
        IList l => "[" + string.Join(", ", l.Cast<object?>().Select(Repr)) + "]",
        _ => ToText(value),
    };

    public static bool AreEqual(object? a, object? b) => (a, b) switch
    {
        (null, null) => true,
        (JinjaUndefined, JinjaUndefined) => true,
        (bool x, bool y) => x == y,
        (long or double, long or double) when a is not bool && b is not bool => Convert.ToDouble(a, CultureInfo.InvariantCulture) == Convert.ToDouble(b, CultureInfo.InvariantCulture),
        (string x, string y) => string.Equals(x, y, StringComparison.Ordinal),
        (IList x, IList y) => x.Count == y.Count && Enumerable.Range(0, x.Count).All(i => AreEqual(x[i], y[i])),
        _ => ReferenceEquals(a, b),
    };

    public static int Compare(object? a, object? b) => (a, b) switch
    {
        (long or double, long or double) => Convert.ToDouble(a, CultureInfo.InvariantCulture).CompareTo(Convert.ToDouble(b, CultureInfo.InvariantCulture)),
        (string x, string y) => string.CompareOrdinal(x, y),
        _ => throw new ChatTemplateException($"chat template: cannot order {TypeName(a)} and {TypeName(b)}"),
    };

    public static bool Contains(object? container, object? item) => container switch
    {
        string s when item is string sub => s.Contains(sub, StringComparison.Ordinal),
        IDictionary<string, object?> d => item is string key && d.ContainsKey(key),
        IList l => l.Cast<object?>().Any(x => AreEqual(x, item)),
        _ => throw new ChatTemplateException($"chat template: 'in' needs a string, list or mapping, not {TypeName(container)}"),
    };

    public static List<object?> Iterate(object? value) => value switch
    {
        IDictionary<string, object?> d => [.. d.Keys],
        IList l => [.. l.Cast<object?>()],
        string s => [.. s.Select(c => (object?)c.ToString())],
        JinjaUndefined => [],
        _ => throw new ChatTemplateException($"chat template: cannot loop over {TypeName(value)}"),
    };

    public static string TypeName(object? value) => value switch
    {
        null => "None",
        JinjaUndefined u => $"undefined '{u.Name}'",
        string => "a string",
        bool => "a boolean",
        long => "an integer",
        double => "a float",
        IDictionary<string, object?> => "a mapping",
        IList => "a list",
        _ => value.GetType().Name,
    };

    /// <summary>transformers' <c>tojson</c>: <c>json.dumps(x, ensure_ascii=False)</c> with its default separators.</summary>
    public static string ToJson(object? value)
    {
        var sb = new StringBuilder();
        WriteJson(sb, value);
        return sb.ToString();
    }

    /// <summary>Converts a <see cref="JsonElement"/> into template values.</summary>
    public static object? FromJson(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => element.GetString(),
        JsonValueKind.Number => element.TryGetInt64(out var l) ? (object?)l : element.GetDouble(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.Array => element.EnumerateArray().Select(FromJson).ToList(),
        JsonValueKind.Object => element.EnumerateObject().ToDictionary(p => p.Name, p => FromJson(p.Value), StringComparer.Ordinal),
        _ => null,
    };

    private static void WriteJson(StringBuilder sb, object? value)
    {
        switch (value)
        {
            case string s:
                sb.Append(JsonSerializer.Serialize(s, JsonOptions));
                break;
            case IDictionary<string, object?> d:
                sb.Append('{');
                var first = true;
                foreach (var (k, v) in d)
                {
                    sb.Append(first ? "" : ", ");
                    first = false;
                    WriteJson(sb, k);
                    sb.Append(": ");
                    WriteJson(sb, v);
                }

                sb.Append('}');
                break;
            case IList l:
                sb.Append('[');
                for (var i = 0; i < l.Count; i++)
                {
                    sb.Append(i == 0 ? "" : ", ");
                    WriteJson(sb, l[i]);
                }

                sb.Append(']');
                break;
            case bool b:
                sb.Append(b ? "true" : "false");
                break;
            case null or JinjaUndefined:
                sb.Append("null");
                break;
            default:
                sb.Append(ToText(value));
                break;
        }
    }

    private static readonly JsonSerializerOptions JsonOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static string PythonFloat(double d)
    {
        var text = d.ToString("R", CultureInfo.InvariantCulture);
        return text.Contains('.', StringComparison.Ordinal) || text.Contains('E', StringComparison.Ordinal) ? text : text + ".0";
    }
}
