using System.Text.Json;

namespace DataForge.Captioner.Models;

/// <summary>Small helpers for reading Hugging Face config JSON, whose fields are often optional or polymorphic.</summary>
internal static class JsonConfig
{
    public static JsonElement? Load(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            return document.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            throw new ModelFormatException($"{path}: invalid JSON: {ex.Message}", ex);
        }
    }

    public static JsonElement? Child(this JsonElement? element, string name) =>
        element is { ValueKind: JsonValueKind.Object } e && e.TryGetProperty(name, out var child) && child.ValueKind != JsonValueKind.Null
            ? child
            : null;

    public static long? Long(this JsonElement? element, string name)
    {
        var values = element.Longs(name);
        return values.Count > 0 ? values[0] : null;
    }

    public static IReadOnlyList<long> Longs(this JsonElement? element, string name) =>
        element.Child(name) is { } child ? ToLongs(child) : [];

    public static double? Double(this JsonElement? element, string name) =>
        element.Child(name) is { ValueKind: JsonValueKind.Number } child ? child.GetDouble() : null;

    public static bool? Bool(this JsonElement? element, string name) =>
        element.Child(name) is { } child && child.ValueKind is JsonValueKind.True or JsonValueKind.False ? child.GetBoolean() : null;

    public static string? String(this JsonElement? element, string name) =>
        element.Child(name) is { ValueKind: JsonValueKind.String } child ? child.GetString() : null;

    public static float[]? Floats(this JsonElement? element, string name)
    {
        if (element.Child(name) is not { } child)
        {
            return null;
        }

        return child.ValueKind == JsonValueKind.Number
            ? [child.GetSingle(), child.GetSingle(), child.GetSingle()]
            : [.. child.EnumerateArray().Select(e => e.GetSingle())];
    }

    private static List<long> ToLongs(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Number => [element.GetInt64()],
        JsonValueKind.Array => [.. element.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.Number).Select(e => e.GetInt64())],
        _ => [],
    };
}
