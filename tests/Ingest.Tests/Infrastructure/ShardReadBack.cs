using DataForge.TestUtils;

namespace DataForge.Ingest.Tests.Infrastructure;

/// <summary>Reads ingest output back with DuckDB (not Parquet.Net, which wrote it).</summary>
public static class ShardReadBack
{
    public static string Glob(string output) => DuckDb.Escape(Path.Combine(output, "*.parquet"));

    public static List<object?[]> Rows(string output, string columns, string? where = null) =>
        DuckDb.Query($"SELECT {columns} FROM read_parquet('{Glob(output)}') {(where is null ? "" : "WHERE " + where)} ORDER BY key");

    public static long Count(string output, string? where = null) =>
        Convert.ToInt64(DuckDb.Scalar($"SELECT count(*) FROM read_parquet('{Glob(output)}') {(where is null ? "" : "WHERE " + where)}"));
}
