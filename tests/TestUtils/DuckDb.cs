using DuckDB.NET.Data;

namespace DataForge.TestUtils;

/// <summary>
/// Reads Parquet files with DuckDB, an implementation independent of Parquet.Net, so round-trip tests cannot
/// pass merely because the writer and reader share a bug.
/// </summary>
public static class DuckDb
{
    /// <summary>Runs a query and returns all rows as boxed values (DBNull mapped to null).</summary>
    /// <param name="sql">The SQL; use <c>read_parquet('path')</c> for files.</param>
    /// <returns>The rows.</returns>
    public static List<object?[]> Query(string sql)
    {
        using var connection = new DuckDBConnection("Data Source=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<object?[]>();
        while (reader.Read())
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
            {
                // BLOBs come back as streams over native memory that dies with the reader row: copy them now.
                row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i) is Stream blob ? ToArray(blob) : reader.GetValue(i);
            }

            rows.Add(row);
        }

        return rows;
    }

    private static byte[] ToArray(Stream stream)
    {
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    /// <summary>Returns the scalar result of a query.</summary>
    /// <param name="sql">The SQL.</param>
    /// <returns>The first column of the first row.</returns>
    public static object? Scalar(string sql) => Query(sql).FirstOrDefault()?[0];

    /// <summary>Lists a Parquet file's columns and DuckDB types, in file order.</summary>
    /// <param name="path">The file.</param>
    /// <returns>(name, type) pairs.</returns>
    public static List<(string Name, string Type)> Columns(string path) =>
        Query($"SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM read_parquet('{Escape(path)}'))")
            .Select(r => ((string)r[0]!, (string)r[1]!))
            .ToList();

    /// <summary>Escapes a path for a single-quoted SQL literal.</summary>
    /// <param name="path">The path.</param>
    /// <returns>The escaped text.</returns>
    public static string Escape(string path) => path.Replace("'", "''", StringComparison.Ordinal);
}
