namespace DataForge.Core.Shards;

/// <summary>
/// One named column of values. Values are held in a typed array whose element type follows
/// <see cref="ShardColumnSpec.ElementType"/>: <c>string?[]</c>, <c>byte[]?[]</c>, <c>int?[]</c>, <c>long?[]</c>,
/// <c>float?[]</c>, <c>double?[]</c> or <c>bool?[]</c>.
/// </summary>
public sealed class ShardColumn
{
    /// <summary>Creates a column over an existing value array (not copied).</summary>
    /// <param name="spec">Name and type.</param>
    /// <param name="values">The values; the array's element type must match <paramref name="spec"/>.</param>
    public ShardColumn(ShardColumnSpec spec, Array values)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(values);
        if (values.GetType().GetElementType() != spec.ElementType)
        {
            throw new ArgumentException(
                $"Column '{spec.Name}' of type {spec.Type} needs a {spec.ElementType.Name}[] but got {values.GetType().Name}.",
                nameof(values));
        }

        Spec = spec;
        Values = values;
    }

    /// <summary>Gets the column's name and type.</summary>
    public ShardColumnSpec Spec { get; }

    /// <summary>Gets the column name.</summary>
    public string Name => Spec.Name;

    /// <summary>Gets the typed value array.</summary>
    public Array Values { get; }

    /// <summary>Gets the number of values.</summary>
    public int Length => Values.Length;

    /// <summary>Creates a string column.</summary>
    /// <param name="name">Column name.</param>
    /// <param name="values">Values.</param>
    /// <returns>The column.</returns>
    public static ShardColumn Of(string name, string?[] values) => new(new(name, ShardColumnType.String), values);

    /// <summary>Creates a binary column.</summary>
    /// <param name="name">Column name.</param>
    /// <param name="values">Values.</param>
    /// <returns>The column.</returns>
    public static ShardColumn Of(string name, byte[]?[] values) => new(new(name, ShardColumnType.Binary), values);

    /// <summary>Creates an int32 column.</summary>
    /// <param name="name">Column name.</param>
    /// <param name="values">Values.</param>
    /// <returns>The column.</returns>
    public static ShardColumn Of(string name, int?[] values) => new(new(name, ShardColumnType.Int32), values);

    /// <summary>Creates an int64 column.</summary>
    /// <param name="name">Column name.</param>
    /// <param name="values">Values.</param>
    /// <returns>The column.</returns>
    public static ShardColumn Of(string name, long?[] values) => new(new(name, ShardColumnType.Int64), values);

    /// <summary>Creates a float32 column.</summary>
    /// <param name="name">Column name.</param>
    /// <param name="values">Values.</param>
    /// <returns>The column.</returns>
    public static ShardColumn Of(string name, float?[] values) => new(new(name, ShardColumnType.Float32), values);

    /// <summary>Creates a float64 column.</summary>
    /// <param name="name">Column name.</param>
    /// <param name="values">Values.</param>
    /// <returns>The column.</returns>
    public static ShardColumn Of(string name, double?[] values) => new(new(name, ShardColumnType.Float64), values);

    /// <summary>Creates a boolean column.</summary>
    /// <param name="name">Column name.</param>
    /// <param name="values">Values.</param>
    /// <returns>The column.</returns>
    public static ShardColumn Of(string name, bool?[] values) => new(new(name, ShardColumnType.Boolean), values);

    /// <summary>Creates an all-null column of the given type and length.</summary>
    /// <param name="spec">Name and type.</param>
    /// <param name="length">Row count.</param>
    /// <returns>The column.</returns>
    public static ShardColumn Nulls(ShardColumnSpec spec, int length) =>
        new(spec, Array.CreateInstance(spec.ElementType, length));

    /// <summary>Gets the value at <paramref name="row"/> boxed, or <see langword="null"/>.</summary>
    /// <param name="row">Row index.</param>
    /// <returns>The value.</returns>
    public object? GetValue(int row) => Values.GetValue(row);

    /// <summary>Returns a new column holding the rows selected by <paramref name="rows"/>, in that order.</summary>
    /// <param name="rows">Row indices into this column.</param>
    /// <returns>The new column.</returns>
    public ShardColumn Take(IReadOnlyList<int> rows)
    {
        var result = Array.CreateInstance(Spec.ElementType, rows.Count);
        for (var i = 0; i < rows.Count; i++)
        {
            result.SetValue(Values.GetValue(rows[i]), i);
        }

        return new ShardColumn(Spec, result);
    }
}
