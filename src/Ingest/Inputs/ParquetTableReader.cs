using System.Runtime.CompilerServices;
using DataForge.Core.Shards;

namespace DataForge.Ingest.Inputs;

/// <summary>Parquet URL lists, streamed one row group at a time; pandas index columns are dropped by the reader.</summary>
internal sealed class ParquetTableReader : TabularFileReader
{
    private readonly ShardFileReader _reader;

    private ParquetTableReader(string path, ShardFileReader reader)
        : base(path) => _reader = reader;

    public override IReadOnlyList<ShardColumnSpec> Columns => _reader.Schema;

    public static async Task<ParquetTableReader> OpenAsync(string path, CancellationToken cancellationToken) =>
        new(path, await ShardFileReader.OpenAsync(path, cancellationToken).ConfigureAwait(false));

    public override async IAsyncEnumerable<object?[]> ReadRowsAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var group in _reader.ReadRowGroupsAsync(null, cancellationToken).ConfigureAwait(false))
        {
            var columns = group.Columns;
            for (var row = 0; row < group.RowCount; row++)
            {
                var values = new object?[columns.Count];
                for (var c = 0; c < values.Length; c++)
                {
                    values[c] = columns[c].GetValue(row);
                }

                yield return values;
            }
        }
    }

    public override ValueTask DisposeAsync() => _reader.DisposeAsync();
}
