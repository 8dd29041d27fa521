using System.Text.Json;
using System.Text.RegularExpressions;

namespace DataForge.TestUtils;

/// <summary>
/// Validates JSON against the subset of JSON Schema that DataForge's own schema files use (type, required,
/// properties, additionalProperties, items, minimum, minLength, pattern). A keyword outside the subset fails
/// loudly, so a schema edit cannot silently weaken the tests.
/// </summary>
public static class JsonSchemaSubset
{
    private static readonly HashSet<string> Known =
    [
        "$schema", "$id", "title", "description", "type", "required", "properties", "additionalProperties", "items",
        "minimum", "minLength", "pattern", "format",
    ];

    /// <summary>Validates <paramref name="instance"/> and returns every violation as "path: message".</summary>
    /// <param name="schema">The schema.</param>
    /// <param name="instance">The document.</param>
    /// <returns>The violations; empty when valid.</returns>
    public static List<string> Validate(JsonElement schema, JsonElement instance)
    {
        var errors = new List<string>();
        Check(schema, instance, "$", errors);
        return errors;
    }

    private static void Check(JsonElement schema, JsonElement value, string path, List<string> errors)
    {
        foreach (var keyword in schema.EnumerateObject())
        {
            if (!Known.Contains(keyword.Name))
            {
                throw new NotSupportedException($"schema keyword '{keyword.Name}' at {path} is outside the tested subset");
            }
        }

        if (schema.TryGetProperty("type", out var type) && !TypeMatches(type, value))
        {
            errors.Add($"{path}: expected {type}, got {value.ValueKind}");
            return;
        }

        if (value.ValueKind == JsonValueKind.Object)
        {
            CheckObject(schema, value, path, errors);
        }
        else if (value.ValueKind == JsonValueKind.Array && schema.TryGetProperty("items", out var items))
        {
            var i = 0;
            foreach (var item in value.EnumerateArray())
            {
                Check(items, item, $"{path}[{i++}]", errors);
            }
        }
        else if (value.ValueKind == JsonValueKind.String)
        {
            var text = value.GetString()!;
            if (schema.TryGetProperty("minLength", out var min) && text.Length < min.GetInt32())
            {
                errors.Add($"{path}: shorter than {min.GetInt32()}");
            }

            if (schema.TryGetProperty("pattern", out var pattern) && !Regex.IsMatch(text, pattern.GetString()!))
            {
                errors.Add($"{path}: '{text}' does not match {pattern.GetString()}");
            }
        }
        else if (value.ValueKind == JsonValueKind.Number && schema.TryGetProperty("minimum", out var minimum)
            && value.GetDouble() < minimum.GetDouble())
        {
            errors.Add($"{path}: below minimum {minimum.GetDouble()}");
        }
    }

    private static void CheckObject(JsonElement schema, JsonElement value, string path, List<string> errors)
    {
        if (schema.TryGetProperty("required", out var required))
        {
            foreach (var name in required.EnumerateArray())
            {
                if (!value.TryGetProperty(name.GetString()!, out _))
                {
                    errors.Add($"{path}: missing required '{name.GetString()}'");
                }
            }
        }

        schema.TryGetProperty("properties", out var properties);
        schema.TryGetProperty("additionalProperties", out var additional);
        foreach (var property in value.EnumerateObject())
        {
            var childPath = $"{path}.{property.Name}";
            if (properties.ValueKind == JsonValueKind.Object && properties.TryGetProperty(property.Name, out var childSchema))
            {
                Check(childSchema, property.Value, childPath, errors);
            }
            else if (additional.ValueKind == JsonValueKind.False)
            {
                errors.Add($"{childPath}: not allowed by the schema");
            }
            else if (additional.ValueKind == JsonValueKind.Object)
            {
                Check(additional, property.Value, childPath, errors);
            }
        }
    }

    private static bool TypeMatches(JsonElement type, JsonElement value)
    {
        if (type.ValueKind == JsonValueKind.Array)
        {
            return type.EnumerateArray().Any(t => TypeMatches(t, value));
        }

        return type.GetString() switch
        {
            "object" => value.ValueKind == JsonValueKind.Object,
            "array" => value.ValueKind == JsonValueKind.Array,
            "string" => value.ValueKind == JsonValueKind.String,
            "integer" => value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out _),
            "number" => value.ValueKind == JsonValueKind.Number,
            "boolean" => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
            "null" => value.ValueKind == JsonValueKind.Null,
            var other => throw new NotSupportedException($"type '{other}'"),
        };
    }
}
