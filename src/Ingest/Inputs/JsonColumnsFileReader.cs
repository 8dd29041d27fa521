using System.Runtime.CompilerServices;
using System.Text.Json;
using DataForge.Core.Errors;
using DataForge.Core.Shards;

namespace DataForge.Ingest.Inputs;

/// <summary>
/// pandas' default JSON layout, "columns" orient: <c>{"URL": {"0": …, "1": …}, "TEXT": {"0": …}}</c>. Rows are
/// spread over the whole file, so each column gets its own token stream positioned at its object and the streams
/// advance in lockstep: memory stays at one buffer per column, whatever the file size.
/// </summary>
internal sealed class JsonColumnsFileReader : TabularFileReader
{
    private readonly ShardColumnSpec[] _columns;

    private JsonColumnsFileReader(string path, ShardColumnSpec[] columns)
        : base(path) => _columns = columns;

    public override IReadOnlyList<ShardColumnSpec> Columns => _columns;

    public static JsonColumnsFileReader Open(string path)
    {
        var columns = new List<ShardColumnSpec>();
        using var tokens = new JsonTokenStream(OpenMaybeGzip(path));
        Expect(tokens, JsonTokenType.StartObject, path, "the document");
        while (tokens.Read() && tokens.TokenType == JsonTokenType.PropertyName)
        {
            var name = tokens.Text!;
            Expect(tokens, JsonTokenType.StartObject, path, $"column '{name}'");
            var type = ShardColumnType.String;
            var typed = false;
            while (tokens.Read() && tokens.TokenType == JsonTokenType.PropertyName)
            {
                tokens.Read();
                if (!typed && tokens.TokenType != JsonTokenType.Null)
                {
                    type = JsonValueTyping.TypeOf(tokens.TokenType, tokens.Text);
                    typed = true;
                }

                tokens.SkipValue();
            }

            columns.Add(new ShardColumnSpec(name, type));
        }

        return new JsonColumnsFileReader(path, [.. columns]);
    }

    public override async IAsyncEnumerable<object?[]> ReadRowsAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var streams = new JsonTokenStream[_columns.Length];
        try
        {
            for (var c = 0; c < streams.Length; c++)
            {
                streams[c] = PositionAtColumn(c);
            }

            for (var row = 0; ; row++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var values = new object?[streams.Length];
                string? index = null;
                var ended = 0;
                for (var c = 0; c < streams.Length; c++)
                {
                    var tokens = streams[c];
                    if (!tokens.Read() || tokens.TokenType != JsonTokenType.PropertyName)
                    {
                        ended++;
                        continue;
                    }

                    if (index is null)
                    {
                        index = tokens.Text;
                    }
                    else if (!string.Equals(index, tokens.Text, StringComparison.Ordinal))
                    {
                        throw new ShardFormatException(Path, _columns[c].Name, $"row {row} has index '{tokens.Text}' but '{_columns[0].Name}' has '{index}'");
                    }

                    tokens.Read();
                    values[c] = JsonValueTyping.Convert(tokens.TokenType, tokens.Text, _columns[c].Type);
                    tokens.SkipValue();
                }

                if (ended == streams.Length)
                {
                    yield break;
                }

                if (ended > 0)
                {
                    throw new ShardFormatException(Path, null, $"columns have different lengths (some end at row {row})");
                }

                yield return values;
            }
        }
        finally
        {
            foreach (var stream in streams)
            {
                stream?.Dispose();
            }

            await Task.CompletedTask.ConfigureAwait(false);
        }
    }

    private JsonTokenStream PositionAtColumn(int column)
    {
        var tokens = new JsonTokenStream(OpenMaybeGzip(Path));
        tokens.Read();
        while (tokens.Read() && tokens.TokenType == JsonTokenType.PropertyName)
        {
            var name = tokens.Text;
            tokens.Read();
            if (string.Equals(name, _columns[column].Name, StringComparison.Ordinal))
            {
                return tokens;
            }

            tokens.SkipValue();
        }

        tokens.Dispose();
        throw new ShardFormatException(Path, _columns[column].Name, "column vanished while reading");
    }

    private static void Expect(JsonTokenStream tokens, JsonTokenType type, string path, string what)
    {
        if (!tokens.Read() || tokens.TokenType != type)
        {
            throw new ShardFormatException(path, null, $"{what} must be a JSON object (pandas 'columns' orient)");
        }
    }
}
