using System.Runtime.CompilerServices;
using System.Text;
using DataForge.Core.Errors;
using DataForge.Core.Shards;

namespace DataForge.Ingest.Inputs;

/// <summary>
/// CSV/TSV with a header row and RFC 4180 quoting (quoted fields may hold the delimiter, <c>""</c> and line
/// breaks). Every column is a string, as in the file.
/// </summary>
internal sealed class DelimitedFileReader : TabularFileReader
{
    private readonly char _delimiter;
    private readonly ShardColumnSpec[] _columns;

    private DelimitedFileReader(string path, char delimiter, ShardColumnSpec[] columns)
        : base(path)
    {
        _delimiter = delimiter;
        _columns = columns;
    }

    public override IReadOnlyList<ShardColumnSpec> Columns => _columns;

    public static DelimitedFileReader Open(string path, char delimiter)
    {
        using var text = OpenText(path);
        var header = ReadRecord(text, delimiter, new StringBuilder())
            ?? throw new ShardFormatException(path, null, "empty file: a header row is required");
        return new DelimitedFileReader(path, delimiter, [.. header.Select(h => new ShardColumnSpec(h, ShardColumnType.String))]);
    }

    public override async IAsyncEnumerable<object?[]> ReadRowsAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var text = OpenText(Path);
        var field = new StringBuilder();
        _ = ReadRecord(text, _delimiter, field);
        var line = 1;
        while (ReadRecord(text, _delimiter, field) is { } record)
        {
            line++;
            cancellationToken.ThrowIfCancellationRequested();
            if (record.Count == 1 && record[0].Length == 0)
            {
                continue;
            }

            if (record.Count != _columns.Length)
            {
                throw new ShardFormatException(Path, null, $"record {line} has {record.Count} fields, the header has {_columns.Length}");
            }

            yield return [.. record];
        }

        await Task.CompletedTask.ConfigureAwait(false);
    }

    /// <summary>Reads one record, or null at the end of the input.</summary>
    internal static List<string>? ReadRecord(TextReader reader, char delimiter, StringBuilder field)
    {
        var next = reader.Read();
        if (next < 0)
        {
            return null;
        }

        var fields = new List<string>();
        field.Clear();
        var quoted = false;
        var atFieldStart = true;
        while (next >= 0)
        {
            var c = (char)next;
            if (quoted)
            {
                if (c == '"')
                {
                    if (reader.Peek() == '"')
                    {
                        reader.Read();
                        field.Append('"');
                    }
                    else
                    {
                        quoted = false;
                    }
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"' && atFieldStart)
            {
                quoted = true;
                atFieldStart = false;
            }
            else if (c == delimiter)
            {
                fields.Add(field.ToString());
                field.Clear();
                atFieldStart = true;
            }
            else if (c is '\n' or '\r')
            {
                if (c == '\r' && reader.Peek() == '\n')
                {
                    reader.Read();
                }

                break;
            }
            else
            {
                field.Append(c);
                atFieldStart = false;
            }

            next = reader.Read();
        }

        fields.Add(field.ToString());
        return fields;
    }
}
