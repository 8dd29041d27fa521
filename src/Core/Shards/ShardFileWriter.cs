using DataForge.Core.Errors;
using Parquet;
using Parquet.Schema;

namespace DataForge.Core.Shards;

/// <summary>
/// Streams rows into one shard Parquet file, row group by row group, under a temporary name; the file appears
/// under its real name only on <see cref="CommitAsync"/>. Disposing an uncommitted writer deletes the temporary,
/// so an exception or cancellation never leaves a file that looks complete.
/// </summary>
public sealed class ShardFileWriter : IAsyncDisposable
{
    /// <summary>Default rows per row group: small enough that an image column's group stays a few MB.</summary>
    public const int DefaultRowGroupSize = 512;

    private readonly string _finalPath;
    private readonly string _temporaryPath;
    private readonly IReadOnlyList<ShardColumnSpec> _schema;
    private readonly DataField[] _fields;
    private readonly int _rowGroupSize;
    private FileStream? _stream;
    private ParquetWriter? _writer;
    private bool _committed;

    private ShardFileWriter(string finalPath, IReadOnlyList<ShardColumnSpec> schema, int rowGroupSize)
    {
        _finalPath = System.IO.Path.GetFullPath(finalPath);
        _temporaryPath = AtomicFile.TemporaryPathFor(_finalPath);
        _schema = schema;
        _fields = [.. schema.Select(ToDataField)];
        _rowGroupSize = rowGroupSize;
    }

    /// <summary>Gets the number of rows written so far.</summary>
    public long RowsWritten { get; private set; }

    /// <summary>Gets the final path the shard is committed to.</summary>
    public string Path => _finalPath;

    /// <summary>Opens a writer for <paramref name="path"/> with a fixed column schema.</summary>
    /// <param name="path">Final path of the shard file.</param>
    /// <param name="schema">Columns in output order.</param>
    /// <param name="rowGroupSize">Maximum rows per row group.</param>
    /// <param name="cancellationToken">Cancels opening.</param>
    /// <returns>The writer.</returns>
    public static async Task<ShardFileWriter> CreateAsync(
        string path,
        IReadOnlyList<ShardColumnSpec> schema,
        int rowGroupSize = DefaultRowGroupSize,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentOutOfRangeException.ThrowIfLessThan(rowGroupSize, 1);
        var duplicate = schema.GroupBy(s => s.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new ArgumentException($"Column '{duplicate.Key}' appears twice in the schema.", nameof(schema));
        }

        var writer = new ShardFileWriter(path, schema, rowGroupSize);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(writer._finalPath)!);
        writer._stream = AtomicFile.CreateTemporary(writer._temporaryPath);
        var options = new ParquetOptions { CompressionMethod = CompressionMethod.Snappy };
        writer._writer = await ParquetWriter.CreateAsync(new ParquetSchema(writer._fields), writer._stream, options, append: false, cancellationToken)
            .ConfigureAwait(false);
        return writer;
    }

    /// <summary>Writes all rows of a table file in one call, atomically.</summary>
    /// <param name="path">Final path.</param>
    /// <param name="table">The rows; its column order becomes the file's.</param>
    /// <param name="rowGroupSize">Maximum rows per row group.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes once the file is in place.</returns>
    public static async Task WriteTableAsync(string path, ShardTable table, int rowGroupSize = DefaultRowGroupSize, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(table);
        await using var writer = await CreateAsync(path, table.Schema, rowGroupSize, cancellationToken).ConfigureAwait(false);
        await writer.WriteAsync(table, cancellationToken).ConfigureAwait(false);
        await writer.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Appends a table's rows. Columns are matched by name; schema columns the table lacks are written as nulls,
    /// and a table column outside the schema is an error (it would be silently lost otherwise).
    /// </summary>
    /// <param name="table">Rows to append.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when the rows are written.</returns>
    public async Task WriteAsync(ShardTable table, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(table);
        ObjectDisposedException.ThrowIf(_writer is null || _committed, this);
        foreach (var spec in table.Schema)
        {
            var target = _schema.FirstOrDefault(s => s.Name == spec.Name);
            if (target is null || target.Type != spec.Type)
            {
                throw new ShardFormatException(_finalPath, spec.Name, target is null
                    ? "is not in the shard's schema"
                    : $"is {spec.Type} but the shard's schema says {target.Type}");
            }
        }

        for (var start = 0; start < table.RowCount; start += _rowGroupSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var count = Math.Min(_rowGroupSize, table.RowCount - start);
            using var rowGroup = _writer!.CreateRowGroup();
            for (var c = 0; c < _schema.Count; c++)
            {
                var values = Array.CreateInstance(_schema[c].ElementType, count);
                if (table.HasColumn(_schema[c].Name))
                {
                    Array.Copy(table.GetColumn(_schema[c].Name).Values, start, values, 0, count);
                }

                await WriteColumnAsync(rowGroup, _fields[c], _schema[c].Type, values, cancellationToken).ConfigureAwait(false);
            }

            rowGroup.CompleteValidate();
            RowsWritten += count;
        }
    }

    /// <summary>Finishes the file and renames it into place.</summary>
    /// <param name="cancellationToken">Cancels the commit before the rename.</param>
    /// <returns>A task that completes once the file is in place.</returns>
    public async Task CommitAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_writer is null || _committed, this);
        await _writer!.DisposeAsync().ConfigureAwait(false);
        _writer = null;
        await _stream!.FlushAsync(cancellationToken).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        // Renamed while the stream (and its lock) is still open, so a cleaner in another worker never sees it unheld.
        AtomicFile.CommitHeld(_stream, _finalPath);
        _committed = true;
        await _stream.DisposeAsync().ConfigureAwait(false);
        _stream = null;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_writer is not null)
        {
            try
            {
                await _writer.DisposeAsync().ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or InvalidOperationException)
            {
                // The file is being abandoned; a footer that cannot be written does not matter.
            }
        }

        if (_stream is not null)
        {
            await _stream.DisposeAsync().ConfigureAwait(false);
        }

        if (!_committed && File.Exists(_temporaryPath))
        {
            File.Delete(_temporaryPath);
        }
    }

    internal static DataField ToDataField(ShardColumnSpec spec) => spec.Type switch
    {
        ShardColumnType.String => new DataField(spec.Name, typeof(string), isNullable: true),
        ShardColumnType.Binary => new DataField(spec.Name, typeof(byte[]), isNullable: true),
        ShardColumnType.Int32 => new DataField(spec.Name, typeof(int), isNullable: true),
        ShardColumnType.Int64 => new DataField(spec.Name, typeof(long), isNullable: true),
        ShardColumnType.Float32 => new DataField(spec.Name, typeof(float), isNullable: true),
        ShardColumnType.Float64 => new DataField(spec.Name, typeof(double), isNullable: true),
        ShardColumnType.Boolean => new DataField(spec.Name, typeof(bool), isNullable: true),
        _ => throw new ArgumentOutOfRangeException(nameof(spec), spec.Type, "Unknown shard column type."),
    };

    private static Task WriteColumnAsync(ParquetRowGroupWriter rowGroup, DataField field, ShardColumnType type, Array values, CancellationToken ct) => type switch
    {
        ShardColumnType.String => rowGroup.WriteAsync(field, (string[])values),
        ShardColumnType.Binary => rowGroup.WriteAsync(field, (byte[][])values),
        ShardColumnType.Int32 => rowGroup.WriteAsync<int>(field, new ReadOnlyMemory<int?>((int?[])values), null, null, ct),
        ShardColumnType.Int64 => rowGroup.WriteAsync<long>(field, new ReadOnlyMemory<long?>((long?[])values), null, null, ct),
        ShardColumnType.Float32 => rowGroup.WriteAsync<float>(field, new ReadOnlyMemory<float?>((float?[])values), null, null, ct),
        ShardColumnType.Float64 => rowGroup.WriteAsync<double>(field, new ReadOnlyMemory<double?>((double?[])values), null, null, ct),
        ShardColumnType.Boolean => rowGroup.WriteAsync<bool>(field, new ReadOnlyMemory<bool?>((bool?[])values), null, null, ct),
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown shard column type."),
    };
}
