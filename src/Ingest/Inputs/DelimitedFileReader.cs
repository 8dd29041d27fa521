using System.Runtime.CompilerServices;
using System.Text;
using DataForge.Core.Errors;
using DataForge.Core.Shards;

namespace DataForge.Ingest.Inputs;

/// <summary>
/// CSV/TSV with a header row and RFC 4180 quoting (quoted fields may hold the delimiter, <c>""</c> and line
/// breaks). Every column is a string, as in the file. A malformed file (a quote still open at the end, a record
/// with the wrong number of fields) is refused with the physical line to fix, never read as shifted columns.
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
        var line = 1;
        var header = ReadRecord(text, delimiter, new StringBuilder(), path, ref line)
            ?? throw new ShardFormatException(path, null, "empty file: a header row is required");
        return new DelimitedFileReader(path, delimiter, [.. header.Select(h => new ShardColumnSpec(h, ShardColumnType.String))]);
    }

    public override async IAsyncEnumerable<object?[]> ReadRowsAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var text = OpenText(Path);
        var field = new StringBuilder();
        var line = 1;
        _ = ReadRecord(text, _delimiter, field, Path, ref line);
        var recordLine = line;
        while (ReadRecord(text, _delimiter, field, Path, ref line) is { } record)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (record.Count == 1 && record[0].Length == 0)
            {
                recordLine = line;
                continue;
            }

            if (record.Count != _columns.Length)
            {
                throw InputFileErrors.Malformed(Path, recordLine, $"the record starting here has {record.Count} fields, the header has {_columns.Length}");
            }

            recordLine = line;
            yield return [.. record];
        }

        await Task.CompletedTask.ConfigureAwait(false);
    }

    /// <summary>Reads one record, or null at the end of the input.</summary>
    /// <param name="reader">The text, positioned at the start of a record.</param>
    /// <param name="delimiter">The field delimiter.</param>
    /// <param name="field">A reusable buffer.</param>
    /// <param name="path">The file, for the error message.</param>
    /// <param name="line">The physical line the record starts on; advanced past the record's line breaks.</param>
    /// <exception cref="Core.Errors.OptionsValidationException">The input ends inside a quoted field.</exception>
    internal static List<string>? ReadRecord(TextReader reader, char delimiter, StringBuilder field, string path, ref int line)
    {
        var next = reader.Read();
        if (next < 0)
        {
            return null;
        }

        var fields = new List<string>();
        field.Clear();
        var quoted = false;
        var quoteLine = 0;
        var atFieldStart = true;
        while (next >= 0)
        {
            var c = (char)next;
            if (quoted)
            {
                if (c is '\n' || (c == '\r' && reader.Peek() != '\n'))
                {
                    line++;
                }

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
                quoteLine = line;
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

                line++;
                break;
            }
            else
            {
                field.Append(c);
                atFieldStart = false;
            }

            next = reader.Read();
        }

        if (quoted)
        {
            // Reading on would swallow every later line into this one field: a silently wrong file, not a long caption.
            throw InputFileErrors.Malformed(path, quoteLine, "a quoted field opens here and is never closed before the end of the file");
        }

        fields.Add(field.ToString());
        return fields;
    }
}
