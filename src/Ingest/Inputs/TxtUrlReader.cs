using System.Runtime.CompilerServices;
using DataForge.Core.Shards;

namespace DataForge.Ingest.Inputs;

/// <summary>One URL per line, no header; the single column is <c>url</c> (blank lines are skipped, as pyarrow does).</summary>
internal sealed class TxtUrlReader(string path) : TabularFileReader(path)
{
    private static readonly ShardColumnSpec[] UrlOnly = [new(ShardColumns.Url, ShardColumnType.String)];

    public override IReadOnlyList<ShardColumnSpec> Columns => UrlOnly;

    public override async IAsyncEnumerable<object?[]> ReadRowsAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var text = OpenText(Path);
        while (await text.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            if (line.Length > 0)
            {
                yield return [line];
            }
        }
    }
}
