using System.Globalization;
using System.Text.Json;
using DataForge.Core.Shards;

namespace DataForge.Ingest.Inputs;

/// <summary>
/// Maps JSON scalars onto shard column types. A column's type is taken from its first non-null value; later
/// values are converted to it (numbers to text for string columns, whole numbers to int64), and values that do
/// not fit become null rather than failing the file.
/// </summary>
internal static class JsonValueTyping
{
    public static ShardColumnType TypeOf(JsonTokenType token, string? raw) => token switch
    {
        JsonTokenType.Number => raw is not null && long.TryParse(raw, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _)
            ? ShardColumnType.Int64
            : ShardColumnType.Float64,
        JsonTokenType.True or JsonTokenType.False => ShardColumnType.Boolean,
        _ => ShardColumnType.String,
    };

    public static object? Convert(JsonTokenType token, string? raw, ShardColumnType target)
    {
        if (token == JsonTokenType.Null || raw is null)
        {
            return null;
        }

        return target switch
        {
            ShardColumnType.String => raw,
            ShardColumnType.Int64 => long.TryParse(raw, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l) ? l : null,
            ShardColumnType.Float64 => double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : null,
            ShardColumnType.Boolean => token is JsonTokenType.True ? true : token is JsonTokenType.False ? false : null,
            _ => null,
        };
    }

    /// <summary>Reads a scalar of a <see cref="JsonElement"/> as (token, text).</summary>
    public static (JsonTokenType Token, string? Raw) Scalar(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => (JsonTokenType.String, element.GetString()),
        JsonValueKind.Number => (JsonTokenType.Number, element.GetRawText()),
        JsonValueKind.True => (JsonTokenType.True, "true"),
        JsonValueKind.False => (JsonTokenType.False, "false"),
        JsonValueKind.Null or JsonValueKind.Undefined => (JsonTokenType.Null, null),
        _ => (JsonTokenType.String, element.GetRawText()),
    };
}
