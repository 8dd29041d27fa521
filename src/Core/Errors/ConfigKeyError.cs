using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;

namespace DataForge.Core.Errors;

/// <summary>
/// Turns a <see cref="JsonException"/> from reading a configuration file into a usage error that names the file, the
/// key as written in the file (<c>train.learning_rate</c>) and its line, instead of a command-line option the user
/// never passed. Configuration types are read with <see cref="JsonUnmappedMemberHandling.Disallow"/>, so an unknown
/// key is reported here too, with the keys that are known at that place.
/// </summary>
public static partial class ConfigKeyError
{
    /// <summary>Creates the usage error for a configuration file that could not be read.</summary>
    /// <param name="path">The configuration file.</param>
    /// <param name="exception">What the serializer threw.</param>
    /// <param name="rootType">The type the file deserializes to, to list the known keys.</param>
    /// <param name="options">The serializer options used (for the naming policy).</param>
    /// <returns>The error, its <see cref="OptionsValidationException.OptionName"/> <c>FILE: KEY</c>.</returns>
    public static OptionsValidationException FromJson(string path, JsonException exception, Type rootType, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(exception);
        ArgumentNullException.ThrowIfNull(rootType);
        ArgumentNullException.ThrowIfNull(options);
        var key = KeyOf(exception.Path);
        var line = exception.LineNumber is { } l ? $"line {l + 1}" : "unknown line";
        var unmapped = UnmappedProperty().Match(exception.Message);
        if (unmapped.Success)
        {
            var name = unmapped.Groups[1].Value;
            var parent = key;
            if (key.Length == 0 || !(key == name || key.EndsWith("." + name, StringComparison.Ordinal)))
            {
                key = key.Length == 0 ? name : key + "." + name;
            }
            else
            {
                parent = key.Length == name.Length ? "" : key[..^(name.Length + 1)];
            }

            var known = KnownKeys(rootType, parent, options);
            var hint = known is null ? "" : $"; {(parent.Length == 0 ? "the file" : parent)} takes {string.Join(", ", known)}";
            return new OptionsValidationException($"{path}: {key}", $"unknown key ({line}){hint}");
        }

        // The serializer's own text ends with "Path: … | LineNumber: …", said better by the key and line above.
        var reason = exception.Message;
        var cut = reason.IndexOf(" Path:", StringComparison.Ordinal);
        reason = cut > 0 ? reason[..cut] : reason;
        return new OptionsValidationException(key.Length == 0 ? path : $"{path}: {key}", $"{reason.TrimEnd('.')} ({line})");
    }

    private static string KeyOf(string? jsonPath) =>
        jsonPath is null or "$" ? "" : jsonPath.StartsWith("$.", StringComparison.Ordinal) ? jsonPath[2..] : jsonPath.TrimStart('$');

    // The keys a type accepts at a dotted place in the file, or null when the place cannot be followed (arrays, maps).
    private static List<string>? KnownKeys(Type rootType, string parent, JsonSerializerOptions options)
    {
        var type = rootType;
        foreach (var segment in parent.Split('.', StringSplitOptions.RemoveEmptyEntries))
        {
            var property = Properties(type).FirstOrDefault(p => NameOf(p, options) == segment);
            if (property is null)
            {
                return null;
            }

            type = property.PropertyType;
        }

        return [.. Properties(type).Select(p => NameOf(p, options)).Where(n => !n.StartsWith('$')).Order(StringComparer.Ordinal)];
    }

    private static IEnumerable<PropertyInfo> Properties(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.GetCustomAttribute<JsonIgnoreAttribute>() is null && p.CanWrite);

    private static string NameOf(PropertyInfo property, JsonSerializerOptions options) =>
        property.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name ?? options.PropertyNamingPolicy?.ConvertName(property.Name) ?? property.Name;

    [GeneratedRegex("The JSON property '([^']*)' could not be mapped")]
    private static partial Regex UnmappedProperty();
}
