using System.Runtime.CompilerServices;
using System.Text.Json;
using DataForge.Core.Shards;

namespace DataForge.Ingest.Inputs;

/// <summary>One JSON object per line. Columns and their types come from the first line; keys absent from a line are null.</summary>
internal sealed class JsonLinesFileReader : TabularFileReader
{
    private readonly ShardColumnSpec[] _columns;

    private JsonLinesFileReader(string path, ShardColumnSpec[] columns)
        : base(path) => _columns = columns;

    public override IReadOnlyList<ShardColumnSpec> Columns => _columns;

    public static JsonLinesFileReader Open(string path)
    {
        using var text = OpenText(path);
        string? first;
        do
        {
            first = text.ReadLine();
        }
        while (first is not null && first.Trim().Length == 0);

        if (first is null)
        {
            return new JsonLinesFileReader(path, []);
        }

        using var document = Parse(path, first, 1);
        var columns = document.RootElement.EnumerateObject()
            .Select(p =>
            {
                var (token, raw) = JsonValueTyping.Scalar(p.Value);
                return new ShardColumnSpec(p.Name, JsonValueTyping.TypeOf(token, raw));
            })
            .ToArray();
        return new JsonLinesFileReader(path, columns);
    }

    public override async IAsyncEnumerable<object?[]> ReadRowsAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var text = OpenText(Path);
        var line = 0;
        while (await text.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } json)
        {
            line++;
            if (json.Trim().Length == 0)
            {
                continue;
            }

            using var document = Parse(Path, json, line);
            var values = new object?[_columns.Length];
            for (var c = 0; c < _columns.Length; c++)
            {
                if (document.RootElement.TryGetProperty(_columns[c].Name, out var element))
                {
                    var (token, raw) = JsonValueTyping.Scalar(element);
                    values[c] = JsonValueTyping.Convert(token, raw, _columns[c].Type);
                }
            }

            yield return values;
        }
    }

    private static JsonDocument Parse(string path, string json, int line)
    {
        try
        {
            var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                document.Dispose();
                throw InputFileErrors.Malformed(path, line, "not a JSON object");
            }

            return document;
        }
        catch (JsonException ex)
        {
            throw InputFileErrors.Malformed(path, line, $"not valid JSON: {ex.Message}");
        }
    }
}
