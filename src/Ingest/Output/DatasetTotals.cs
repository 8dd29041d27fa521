using DataForge.Core.Shards;

namespace DataForge.Ingest.Output;

/// <summary>Folds the stats markers of every finished shard in a folder into the dataset part of an <see cref="IngestSummary"/>.</summary>
internal static class DatasetTotals
{
    private const int TopErrorCount = 50;

    public static async Task FillAsync(IngestSummary summary, ShardSet shards, CancellationToken ct)
    {
        var errors = new Dictionary<string, long>(StringComparer.Ordinal);
        summary.Rows = 0;
        summary.Successes = 0;
        summary.StatusCounts.Clear();
        summary.Shards = 0;
        foreach (var id in shards.ListDoneShards())
        {
            if (await shards.ReadStatsAsync(id, ct).ConfigureAwait(false) is not { } stats)
            {
                continue; // removed meanwhile by an overwrite in another worker
            }

            summary.Shards++;
            summary.Rows += stats.Count;
            summary.Successes += stats.Successes;
            Add(summary.StatusCounts, RowStatus.Success, stats.Successes);
            Add(summary.StatusCounts, RowStatus.FailedToDownload, stats.FailedToDownload);
            Add(summary.StatusCounts, RowStatus.FailedToResize, stats.FailedToResize);
            Add(summary.StatusCounts, RowStatus.Filtered, stats.Count - stats.Successes - stats.FailedToDownload - stats.FailedToResize);
            foreach (var (key, count) in stats.StatusDict.Where(p => p.Key != RowStatus.Success))
            {
                errors[key] = errors.GetValueOrDefault(key) + count;
            }
        }

        summary.TopErrors.Clear();
        foreach (var (key, value) in errors.OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal).Take(TopErrorCount))
        {
            summary.TopErrors[key] = value;
        }
    }

    private static void Add(SortedDictionary<string, long> counts, string status, long count)
    {
        if (count > 0)
        {
            counts[status] = counts.GetValueOrDefault(status) + count;
        }
    }
}
