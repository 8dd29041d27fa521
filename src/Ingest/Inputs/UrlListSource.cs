using System.Runtime.CompilerServices;
using DataForge.Core.Errors;
using DataForge.Core.Manifests;
using DataForge.Core.Shards;

namespace DataForge.Ingest.Inputs;

/// <summary>
/// URL + caption lists in any tabular format, one file or many. The first file fixes the output columns
/// (passthrough columns, <c>caption</c>, <c>url</c>); later files must have the URL column, and missing
/// passthrough columns there are null.
/// </summary>
internal sealed class UrlListSource : IRecordSource
{
    private readonly IngestOptions _options;
    private readonly InputFormat _format;
    private readonly IReadOnlyList<string> _files;
    private readonly List<ShardColumnSpec> _passthrough;
    private readonly ShardColumnType? _captionType;

    private UrlListSource(IngestOptions options, InputFormat format, IReadOnlyList<string> files, List<ShardColumnSpec> passthrough, ShardColumnType? captionType)
    {
        _options = options;
        _format = format;
        _files = files;
        _passthrough = passthrough;
        _captionType = captionType;
        var leading = new List<ShardColumnSpec>(passthrough);
        if (options.CaptionColumn is not null)
        {
            leading.Add(new ShardColumnSpec(ShardColumns.Caption, ShardColumnType.String));
        }

        leading.Add(new ShardColumnSpec(ShardColumns.Url, ShardColumnType.String));
        Schema = new InputSchema(leading, []);
        Sources = [.. files.Select(f => new ManifestSource { Kind = "url-list", Uri = f, Format = FormatName(f) })];
    }

    public InputSchema Schema { get; }

    public IReadOnlyList<ManifestSource> Sources { get; }

    public static async Task<UrlListSource> OpenAsync(IngestOptions options, InputFormat format, IReadOnlyList<string> files, CancellationToken cancellationToken)
    {
        await using var first = await TabularFileReader.OpenAsync(files[0], format, cancellationToken).ConfigureAwait(false);
        var columns = first.Columns.ToDictionary(c => c.Name, StringComparer.Ordinal);
        var urlColumn = format == InputFormat.Txt ? ShardColumns.Url : options.UrlColumn;
        Require(columns, urlColumn, files[0], "--url-column");
        ShardColumnType? captionType = null;
        if (options.CaptionColumn is { } caption)
        {
            captionType = Require(columns, caption, files[0], "--caption-column").Type;
        }

        if (options.VerifyHashColumn is { } hash)
        {
            Require(columns, hash, files[0], "--verify-hash-column");
        }

        var passthrough = options.PassthroughColumns.Select(p => Require(columns, p, files[0], "--passthrough-column")).ToList();
        return new UrlListSource(options, format, files, passthrough, captionType);
    }

    public async IAsyncEnumerable<InputRecord> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var file in _files)
        {
            await using var reader = await TabularFileReader.OpenAsync(file, _format, cancellationToken).ConfigureAwait(false);
            var index = reader.Columns.Select((c, i) => (c.Name, i)).ToDictionary(p => p.Name, p => p.i, StringComparer.Ordinal);
            var urlAt = index.GetValueOrDefault(_format == InputFormat.Txt ? ShardColumns.Url : _options.UrlColumn, -1);
            if (urlAt < 0)
            {
                throw new ShardFormatException(file, _options.UrlColumn, "missing URL column");
            }

            var captionAt = _options.CaptionColumn is { } c ? index.GetValueOrDefault(c, -1) : -1;
            var hashAt = _options.VerifyHashColumn is { } h ? index.GetValueOrDefault(h, -1) : -1;
            var passthroughAt = _passthrough.Select(p => index.GetValueOrDefault(p.Name, -1)).ToArray();
            var fileTypes = reader.Columns.Select(col => col.Type).ToArray();
            await foreach (var row in reader.ReadRowsAsync(cancellationToken).ConfigureAwait(false))
            {
                var url = row[urlAt]?.ToString();
                var leading = new object?[Schema.Leading.Count];
                for (var p = 0; p < passthroughAt.Length; p++)
                {
                    leading[p] = passthroughAt[p] < 0 ? null : Coerce(row[passthroughAt[p]], fileTypes[passthroughAt[p]], _passthrough[p].Type);
                }

                var next = passthroughAt.Length;
                if (_captionType is not null)
                {
                    leading[next++] = captionAt < 0 ? null : row[captionAt]?.ToString();
                }

                leading[next] = url;
                yield return new InputRecord
                {
                    Url = url,
                    Leading = leading,
                    ExpectedHash = hashAt < 0 ? null : row[hashAt]?.ToString(),
                };
            }
        }
    }

    private static object? Coerce(object? value, ShardColumnType from, ShardColumnType to)
    {
        if (value is null || from == to)
        {
            return value;
        }

        // A later file typed a passthrough column differently (e.g. csv strings after parquet numbers).
        try
        {
            return ConvertTo(value, to);
        }
        catch (Exception ex) when (ex is FormatException or InvalidCastException or OverflowException)
        {
            return null;
        }
    }

    private static object? ConvertTo(object value, ShardColumnType to)
    {
        return to switch
        {
            ShardColumnType.String => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture),
            ShardColumnType.Int64 => value is IConvertible ? Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture) : null,
            ShardColumnType.Float64 => value is IConvertible ? Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture) : null,
            ShardColumnType.Float32 => value is IConvertible ? Convert.ToSingle(value, System.Globalization.CultureInfo.InvariantCulture) : null,
            ShardColumnType.Int32 => value is IConvertible ? Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture) : null,
            _ => null,
        };
    }

    private static ShardColumnSpec Require(Dictionary<string, ShardColumnSpec> columns, string name, string file, string option) =>
        columns.TryGetValue(name, out var spec)
            ? spec
            : throw new OptionsValidationException(option, $"column '{name}' is not in {file}; its columns are {string.Join(", ", columns.Keys)}");

    private static string FormatName(string file)
    {
        var name = Path.GetFileName(file).ToLowerInvariant();
        var gz = name.EndsWith(".gz", StringComparison.Ordinal);
        var ext = Path.GetExtension(gz ? name[..^3] : name).TrimStart('.');
        return gz ? ext + ".gz" : ext;
    }
}
