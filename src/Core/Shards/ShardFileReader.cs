using System.Runtime.CompilerServices;
using DataForge.Core.Errors;
using Parquet;
using Parquet.Schema;

namespace DataForge.Core.Shards;

/// <summary>
/// Reads shard (or any flat) Parquet files into <see cref="ShardTable"/>s, one row group at a time so large inputs
/// stream. Files from other writers (pyarrow, img2dataset) are accepted: pandas <c>__index_level_*</c> columns are
/// dropped and columns of types outside the contract (nested, timestamps, decimals) are listed in
/// <see cref="IgnoredColumns"/> instead of failing the read.
/// </summary>
public sealed class ShardFileReader : IAsyncDisposable
{
    private readonly string _path;
    private readonly ParquetReader _reader;
    private readonly Dictionary<string, (DataField Field, ShardColumnSpec Spec)> _columns;

    private ShardFileReader(string path, ParquetReader reader)
    {
        _path = path;
        _reader = reader;
        _columns = new Dictionary<string, (DataField, ShardColumnSpec)>(StringComparer.Ordinal);
        var ignored = new List<string>();
        var schema = new List<ShardColumnSpec>();
        foreach (var field in reader.Schema.Fields)
        {
            if (field.Name.StartsWith(ShardColumns.PandasIndexPrefix, StringComparison.Ordinal))
            {
                ignored.Add(field.Name);
                continue;
            }

            var type = field is DataField { IsArray: false } data ? MapType(data.ClrType) : null;
            if (type is null)
            {
                ignored.Add(field.Name);
                continue;
            }

            var spec = new ShardColumnSpec(field.Name, type.Value);
            schema.Add(spec);
            _columns.Add(field.Name, ((DataField)field, spec));
        }

        Schema = schema;
        IgnoredColumns = ignored;
    }

    /// <summary>Gets the readable columns in file order.</summary>
    public IReadOnlyList<ShardColumnSpec> Schema { get; }

    /// <summary>Gets the columns skipped because they are pandas index columns or of unsupported types.</summary>
    public IReadOnlyList<string> IgnoredColumns { get; }

    /// <summary>Gets the number of row groups.</summary>
    public int RowGroupCount => _reader.RowGroupCount;

    /// <summary>Gets the total number of rows.</summary>
    public long RowCount => _reader.RowGroups.Sum(g => g.RowCount);

    /// <summary>Opens a file.</summary>
    /// <param name="path">The Parquet file.</param>
    /// <param name="cancellationToken">Cancels opening.</param>
    /// <returns>The reader; dispose it with <c>await using</c>.</returns>
    /// <exception cref="ShardFormatException">The file is not readable Parquet.</exception>
    public static async Task<ShardFileReader> OpenAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
        try
        {
            var reader = await ParquetReader.CreateAsync(stream, new ParquetOptions(), leaveStreamOpen: false, cancellationToken)
                .ConfigureAwait(false);
            return new ShardFileReader(path, reader);
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or NotSupportedException or ArgumentException)
        {
            await stream.DisposeAsync().ConfigureAwait(false);
            throw new ShardFormatException(path, null, "not a readable Parquet file: " + ex.Message, ex);
        }
    }

    /// <summary>Reads a whole file into one table.</summary>
    /// <param name="path">The Parquet file.</param>
    /// <param name="columns">Columns to read, or <see langword="null"/> for all readable ones.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The table.</returns>
    public static async Task<ShardTable> ReadTableAsync(string path, IReadOnlyCollection<string>? columns = null, CancellationToken cancellationToken = default)
    {
        await using var reader = await OpenAsync(path, cancellationToken).ConfigureAwait(false);
        return await reader.ReadAllAsync(columns, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Returns whether the file has a readable column of this name.</summary>
    /// <param name="name">Column name.</param>
    /// <returns><see langword="true"/> when present.</returns>
    public bool HasColumn(string name) => _columns.ContainsKey(name);

    /// <summary>Reads all row groups into one table.</summary>
    /// <param name="columns">Columns to read, or <see langword="null"/> for all readable ones.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The table.</returns>
    public async Task<ShardTable> ReadAllAsync(IReadOnlyCollection<string>? columns = null, CancellationToken cancellationToken = default)
    {
        var parts = new List<ShardTable>(RowGroupCount);
        await foreach (var part in ReadRowGroupsAsync(columns, cancellationToken).ConfigureAwait(false))
        {
            parts.Add(part);
        }

        return parts.Count == 1 ? parts[0] : ShardTable.Concat(parts.Count > 0 ? parts : [EmptyTable(columns)]);
    }

    /// <summary>Streams the file one row group at a time.</summary>
    /// <param name="columns">Columns to read, or <see langword="null"/> for all readable ones.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>One table per row group.</returns>
    public async IAsyncEnumerable<ShardTable> ReadRowGroupsAsync(
        IReadOnlyCollection<string>? columns = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        for (var i = 0; i < RowGroupCount; i++)
        {
            yield return await ReadRowGroupAsync(i, columns, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Reads one row group.</summary>
    /// <param name="index">Row group index.</param>
    /// <param name="columns">Columns to read, or <see langword="null"/> for all readable ones.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The row group as a table.</returns>
    /// <exception cref="ShardFormatException">A requested column is missing or the data is corrupt.</exception>
    public async Task<ShardTable> ReadRowGroupAsync(int index, IReadOnlyCollection<string>? columns = null, CancellationToken cancellationToken = default)
    {
        var selected = Select(columns);
        using var rowGroup = _reader.OpenRowGroupReader(index);
        var rows = checked((int)rowGroup.RowCount);
        var result = new List<ShardColumn>(selected.Count);
        foreach (var (field, spec) in selected)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                result.Add(new ShardColumn(spec, await ReadColumnAsync(rowGroup, field, spec.Type, rows, cancellationToken).ConfigureAwait(false)));
            }
            catch (Exception ex) when (ex is IOException or InvalidDataException or InvalidOperationException or IndexOutOfRangeException)
            {
                throw new ShardFormatException(_path, spec.Name, $"row group {index} could not be read: {ex.Message}", ex);
            }
        }

        return new ShardTable(result);
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _reader.DisposeAsync();

    private List<(DataField Field, ShardColumnSpec Spec)> Select(IReadOnlyCollection<string>? columns)
    {
        if (columns is null)
        {
            return [.. Schema.Select(s => _columns[s.Name])];
        }

        var selected = new List<(DataField, ShardColumnSpec)>(columns.Count);
        foreach (var name in columns)
        {
            if (!_columns.TryGetValue(name, out var column))
            {
                throw new ShardFormatException(_path, name, $"missing; readable columns are {string.Join(", ", Schema.Select(s => s.Name))}");
            }

            selected.Add(column);
        }

        return selected;
    }

    private ShardTable EmptyTable(IReadOnlyCollection<string>? columns) =>
        new(Select(columns).Select(c => ShardColumn.Nulls(c.Spec, 0)));

    private static ShardColumnType? MapType(Type clr) => clr switch
    {
        // Parquet.Net 6 reports byte-array columns as ReadOnlyMemory<char|byte>; older files may say string/byte[].
        _ when clr == typeof(string) || clr == typeof(ReadOnlyMemory<char>) => ShardColumnType.String,
        _ when clr == typeof(byte[]) || clr == typeof(ReadOnlyMemory<byte>) => ShardColumnType.Binary,
        _ when clr == typeof(int) || clr == typeof(short) || clr == typeof(sbyte) || clr == typeof(ushort) || clr == typeof(byte) => ShardColumnType.Int32,
        _ when clr == typeof(long) || clr == typeof(uint) => ShardColumnType.Int64,
        _ when clr == typeof(float) => ShardColumnType.Float32,
        _ when clr == typeof(double) => ShardColumnType.Float64,
        _ when clr == typeof(bool) => ShardColumnType.Boolean,
        _ => null,
    };

    private static async Task<Array> ReadColumnAsync(ParquetRowGroupReader rowGroup, DataField field, ShardColumnType type, int rows, CancellationToken ct)
    {
        switch (type)
        {
            case ShardColumnType.String:
                var strings = new string?[rows];
                await rowGroup.ReadAsync(field, strings.AsMemory(), null, ct).ConfigureAwait(false);
                return strings;
            case ShardColumnType.Binary:
                var bytes = new byte[]?[rows];
                await rowGroup.ReadAsync(field, bytes.AsMemory(), null, ct).ConfigureAwait(false);
                return bytes;
            default:
                return await ReadNumericAsync(rowGroup, field, type, rows, ct).ConfigureAwait(false);
        }
    }

    private static async Task<Array> ReadNumericAsync(ParquetRowGroupReader rowGroup, DataField field, ShardColumnType type, int rows, CancellationToken ct)
    {
        var clr = field.ClrType;
        if (clr == typeof(int))
        {
            return await ReadAsAsync<int, int>(rowGroup, field, rows, v => v, ct).ConfigureAwait(false);
        }

        if (clr == typeof(short))
        {
            return await ReadAsAsync<short, int>(rowGroup, field, rows, v => v, ct).ConfigureAwait(false);
        }

        if (clr == typeof(sbyte))
        {
            return await ReadAsAsync<sbyte, int>(rowGroup, field, rows, v => v, ct).ConfigureAwait(false);
        }

        if (clr == typeof(ushort))
        {
            return await ReadAsAsync<ushort, int>(rowGroup, field, rows, v => v, ct).ConfigureAwait(false);
        }

        if (clr == typeof(byte))
        {
            return await ReadAsAsync<byte, int>(rowGroup, field, rows, v => v, ct).ConfigureAwait(false);
        }

        if (clr == typeof(long))
        {
            return await ReadAsAsync<long, long>(rowGroup, field, rows, v => v, ct).ConfigureAwait(false);
        }

        if (clr == typeof(uint))
        {
            return await ReadAsAsync<uint, long>(rowGroup, field, rows, v => v, ct).ConfigureAwait(false);
        }

        if (clr == typeof(float))
        {
            return await ReadAsAsync<float, float>(rowGroup, field, rows, v => v, ct).ConfigureAwait(false);
        }

        if (clr == typeof(double))
        {
            return await ReadAsAsync<double, double>(rowGroup, field, rows, v => v, ct).ConfigureAwait(false);
        }

        if (clr == typeof(bool))
        {
            return await ReadAsAsync<bool, bool>(rowGroup, field, rows, v => v, ct).ConfigureAwait(false);
        }

        throw new InvalidOperationException($"unsupported type {clr.Name} for {type}");
    }

    // Parquet.Net reads required and optional columns through different overloads; both end as nullable arrays.
    private static async Task<TOut?[]> ReadAsAsync<TIn, TOut>(ParquetRowGroupReader rowGroup, DataField field, int rows, Func<TIn, TOut> widen, CancellationToken ct)
        where TIn : struct
        where TOut : struct
    {
        var result = new TOut?[rows];
        if (field.IsNullable)
        {
            var raw = new TIn?[rows];
            await rowGroup.ReadAsync(field, raw.AsMemory(), null, ct).ConfigureAwait(false);
            for (var i = 0; i < rows; i++)
            {
                result[i] = raw[i] is { } v ? widen(v) : null;
            }
        }
        else
        {
            var raw = new TIn[rows];
            await rowGroup.ReadAsync(field, raw.AsMemory(), null, ct).ConfigureAwait(false);
            for (var i = 0; i < rows; i++)
            {
                result[i] = widen(raw[i]);
            }
        }

        return result;
    }
}
