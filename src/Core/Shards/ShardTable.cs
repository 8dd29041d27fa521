using DataForge.Core.Errors;

namespace DataForge.Core.Shards;

/// <summary>
/// An in-memory, column-oriented slice of a shard: a whole small shard or one row group of a large one. Stages
/// read a table, add their own columns with <see cref="WithColumn"/>, and write it back, so columns they do not
/// know about travel through untouched.
/// </summary>
public sealed class ShardTable
{
    private readonly List<ShardColumn> _columns;
    private readonly Dictionary<string, int> _index;

    /// <summary>Creates a table from columns of equal length.</summary>
    /// <param name="columns">The columns, in output order; names must be unique.</param>
    public ShardTable(IEnumerable<ShardColumn> columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        _columns = [.. columns];
        _index = new Dictionary<string, int>(StringComparer.Ordinal);
        RowCount = _columns.Count == 0 ? 0 : _columns[0].Length;
        for (var i = 0; i < _columns.Count; i++)
        {
            var column = _columns[i];
            if (column.Length != RowCount)
            {
                throw new ArgumentException(
                    $"Column '{column.Name}' has {column.Length} rows but '{_columns[0].Name}' has {RowCount}.",
                    nameof(columns));
            }

            if (!_index.TryAdd(column.Name, i))
            {
                throw new ArgumentException($"Column '{column.Name}' appears twice.", nameof(columns));
            }
        }
    }

    /// <summary>Gets the number of rows.</summary>
    public int RowCount { get; }

    /// <summary>Gets the columns in output order.</summary>
    public IReadOnlyList<ShardColumn> Columns => _columns;

    /// <summary>Gets the column specs in output order.</summary>
    public IReadOnlyList<ShardColumnSpec> Schema => _columns.ConvertAll(c => c.Spec);

    /// <summary>Returns whether a column exists.</summary>
    /// <param name="name">Column name.</param>
    /// <returns><see langword="true"/> when present.</returns>
    public bool HasColumn(string name) => _index.ContainsKey(name);

    /// <summary>Gets a column by name.</summary>
    /// <param name="name">Column name.</param>
    /// <returns>The column.</returns>
    /// <exception cref="ShardFormatException">The column is missing.</exception>
    public ShardColumn GetColumn(string name) =>
        _index.TryGetValue(name, out var i)
            ? _columns[i]
            : throw new ShardFormatException("(table)", name, $"missing; columns are {string.Join(", ", _index.Keys)}");

    /// <summary>Gets a column's values as a typed array.</summary>
    /// <typeparam name="T">Element type: <c>string</c>, <c>byte[]</c>, <c>int?</c>, <c>long?</c>, <c>float?</c>, <c>double?</c> or <c>bool?</c>.</typeparam>
    /// <param name="name">Column name.</param>
    /// <returns>The values (not copied).</returns>
    /// <exception cref="ShardFormatException">The column is missing or has another type.</exception>
    public T?[] Get<T>(string name)
    {
        var column = GetColumn(name);
        return column.Values as T?[]
            ?? throw new ShardFormatException("(table)", name, $"is {column.Spec.Type}, not {typeof(T).Name}");
    }

    /// <summary>Gets a string column's values, or <see langword="null"/> when the column is absent.</summary>
    /// <param name="name">Column name.</param>
    /// <returns>The values or <see langword="null"/>.</returns>
    public string?[]? TryGetStrings(string name) => HasColumn(name) ? Get<string>(name) : null;

    /// <summary>Returns a table with <paramref name="column"/> replacing the column of the same name, or appended.</summary>
    /// <param name="column">The column to set.</param>
    /// <returns>A new table sharing the other columns.</returns>
    public ShardTable WithColumn(ShardColumn column)
    {
        ArgumentNullException.ThrowIfNull(column);
        var columns = new List<ShardColumn>(_columns);
        if (_index.TryGetValue(column.Name, out var i))
        {
            columns[i] = column;
        }
        else
        {
            columns.Add(column);
        }

        return new ShardTable(columns);
    }

    /// <summary>Returns a table with only the rows in <paramref name="rows"/>, in that order.</summary>
    /// <param name="rows">Row indices.</param>
    /// <returns>The new table.</returns>
    public ShardTable Take(IReadOnlyList<int> rows) => new(_columns.ConvertAll(c => c.Take(rows)));

    /// <summary>
    /// Concatenates tables row-wise. Columns are matched by name; a column missing from some tables is filled with
    /// nulls there, so shards written by different stage versions still combine.
    /// </summary>
    /// <param name="tables">Tables to concatenate.</param>
    /// <returns>The combined table.</returns>
    /// <exception cref="ShardFormatException">Two tables disagree on a column's type.</exception>
    public static ShardTable Concat(IReadOnlyList<ShardTable> tables)
    {
        ArgumentNullException.ThrowIfNull(tables);
        var specs = new List<ShardColumnSpec>();
        var byName = new Dictionary<string, ShardColumnSpec>(StringComparer.Ordinal);
        foreach (var spec in tables.SelectMany(t => t.Schema))
        {
            if (byName.TryGetValue(spec.Name, out var seen))
            {
                if (seen.Type != spec.Type)
                {
                    throw new ShardFormatException("(concat)", spec.Name, $"is {seen.Type} in one table and {spec.Type} in another");
                }

                continue;
            }

            byName.Add(spec.Name, spec);
            specs.Add(spec);
        }

        var total = tables.Sum(t => t.RowCount);
        var columns = new List<ShardColumn>(specs.Count);
        foreach (var spec in specs)
        {
            var values = Array.CreateInstance(spec.ElementType, total);
            var offset = 0;
            foreach (var table in tables)
            {
                if (table.HasColumn(spec.Name))
                {
                    Array.Copy(table.GetColumn(spec.Name).Values, 0, values, offset, table.RowCount);
                }

                offset += table.RowCount;
            }

            columns.Add(new ShardColumn(spec, values));
        }

        return new ShardTable(columns);
    }
}
