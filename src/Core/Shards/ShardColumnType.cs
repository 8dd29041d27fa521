namespace DataForge.Core.Shards;

/// <summary>
/// The flat column types a shard may hold. Every column is nullable, as pyarrow writes them, so a failed row can
/// carry nulls in its image and size columns.
/// </summary>
public enum ShardColumnType
{
    /// <summary>UTF-8 string (Parquet BYTE_ARRAY with the STRING logical type).</summary>
    String,

    /// <summary>Raw bytes (Parquet BYTE_ARRAY), e.g. encoded images.</summary>
    Binary,

    /// <summary>32-bit signed integer.</summary>
    Int32,

    /// <summary>64-bit signed integer.</summary>
    Int64,

    /// <summary>32-bit IEEE float.</summary>
    Float32,

    /// <summary>64-bit IEEE float.</summary>
    Float64,

    /// <summary>Boolean.</summary>
    Boolean,
}
