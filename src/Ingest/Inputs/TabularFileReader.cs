using System.IO.Compression;
using DataForge.Core.Shards;

namespace DataForge.Ingest.Inputs;

/// <summary>
/// Reads one URL-list file row by row, never the whole file at once. Subclasses handle one format each; every
/// value arrives typed by <see cref="Columns"/>.
/// </summary>
internal abstract class TabularFileReader : IAsyncDisposable
{
    protected TabularFileReader(string path) => Path = path;

    /// <summary>Gets the file path.</summary>
    public string Path { get; }

    /// <summary>Gets the columns of the file, in file order.</summary>
    public abstract IReadOnlyList<ShardColumnSpec> Columns { get; }

    /// <summary>Opens a file of the given (non-tar) format.</summary>
    public static async Task<TabularFileReader> OpenAsync(string path, InputFormat format, CancellationToken cancellationToken) => format switch
    {
        InputFormat.Parquet => await ParquetTableReader.OpenAsync(path, cancellationToken).ConfigureAwait(false),
        InputFormat.Txt => new TxtUrlReader(path),
        InputFormat.Csv => DelimitedFileReader.Open(path, ','),
        InputFormat.Tsv => DelimitedFileReader.Open(path, '\t'),
        InputFormat.Jsonl => JsonLinesFileReader.Open(path),
        InputFormat.Json => JsonColumnsFileReader.Open(path),
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "not a tabular format"),
    };

    /// <summary>Streams the rows; each array is aligned with <see cref="Columns"/>.</summary>
    public abstract IAsyncEnumerable<object?[]> ReadRowsAsync(CancellationToken cancellationToken);

    /// <inheritdoc />
    public virtual ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <summary>Opens a file for reading, decompressing <c>.gz</c> transparently.</summary>
    internal static Stream OpenMaybeGzip(string path)
    {
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        return path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? new GZipStream(file, CompressionMode.Decompress) : file;
    }

    /// <summary>Opens a file as UTF-8 text, decompressing <c>.gz</c> transparently.</summary>
    internal static StreamReader OpenText(string path) => new(OpenMaybeGzip(path), System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: true, 1 << 16);
}
