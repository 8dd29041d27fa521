namespace DataForge.Core.Shards;

/// <summary>The name and type of one shard column.</summary>
/// <param name="Name">Column name as stored in the Parquet file.</param>
/// <param name="Type">Column type.</param>
public sealed record ShardColumnSpec(string Name, ShardColumnType Type)
{
    /// <summary>Gets the CLR element type of the column's value array (<c>int?</c> for <see cref="ShardColumnType.Int32"/>, …).</summary>
    public Type ElementType => Type switch
    {
        ShardColumnType.String => typeof(string),
        ShardColumnType.Binary => typeof(byte[]),
        ShardColumnType.Int32 => typeof(int?),
        ShardColumnType.Int64 => typeof(long?),
        ShardColumnType.Float32 => typeof(float?),
        ShardColumnType.Float64 => typeof(double?),
        ShardColumnType.Boolean => typeof(bool?),
        _ => throw new ArgumentOutOfRangeException(nameof(Type), Type, "Unknown shard column type."),
    };
}
