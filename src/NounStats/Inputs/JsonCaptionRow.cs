using System.Text.Json;
using DataForge.Core.Errors;
using DataForge.Core.Shards;

namespace DataForge.NounStats.Inputs;

/// <summary>Reads the caption of one JSON object (a JSON Lines line or an element of a JSON array).</summary>
internal static class JsonCaptionRow
{
    /// <summary>Reads the caption field of a row.</summary>
    /// <param name="row">The row.</param>
    /// <param name="input">The input (path, field) for messages.</param>
    /// <param name="where">Where the row is, e.g. <c>line 3</c> or <c>element 3</c>.</param>
    /// <param name="includeFailedRows">Count rows whose status is not success.</param>
    /// <param name="counted">Whether the row is counted (its statuses are success, or failed rows are counted).</param>
    /// <returns>The caption; <see langword="null"/> when the field is JSON null.</returns>
    /// <exception cref="OptionsValidationException">The row is not an object, lacks the field, or the field is not a string.</exception>
    public static string? Read(JsonElement row, CaptionInput input, string where, bool includeFailedRows, out bool counted)
    {
        if (row.ValueKind != JsonValueKind.Object)
        {
            throw Error(input, $"{where} is a JSON {row.ValueKind}, not an object with a '{input.Column}' field");
        }

        if (!row.TryGetProperty(input.Column, out var value))
        {
            var fields = string.Join(", ", row.EnumerateObject().Select(p => p.Name).Take(20));
            throw Error(input, $"{where} has no field '{input.Column}' (its fields: {fields}); pick the caption field with --caption-column");
        }

        if (value.ValueKind is not (JsonValueKind.String or JsonValueKind.Null))
        {
            throw Error(input, $"{where}: field '{input.Column}' is a JSON {value.ValueKind}, not a string");
        }

        var hasStatus = row.TryGetProperty(ShardColumns.Status, out var status);
        var hasCaptionStatus = row.TryGetProperty(ShardColumns.CaptionStatus, out var captionStatus);
        counted = includeFailedRows || RowStatusFilter.IsSuccess(
            hasStatus && status.ValueKind == JsonValueKind.String ? status.GetString() : null,
            hasStatus,
            hasCaptionStatus && captionStatus.ValueKind == JsonValueKind.String ? captionStatus.GetString() : null,
            hasCaptionStatus);
        return value.ValueKind == JsonValueKind.String ? value.GetString() : null;
    }

    /// <summary>Creates the usage error for a malformed JSON input, with the expected layouts named for <c>.json</c> files.</summary>
    /// <param name="input">The input.</param>
    /// <param name="message">What is wrong, and where.</param>
    /// <returns>The exception to throw.</returns>
    public static OptionsValidationException Error(CaptionInput input, string message)
    {
        var hint = Path.GetExtension(input.Path).Equals(".json", StringComparison.OrdinalIgnoreCase)
            ? $"; a .json input must be an array of objects ([{{\"{input.Column}\": \"…\"}}, …], as COCO caption results or pandas orient='records' write) or JSON Lines (one object per line)"
            : string.Empty;
        return new OptionsValidationException("--input", $"{input.Path}: {message}{hint}");
    }
}
