using DataForge.Core.Shards;

namespace DataForge.Ingest.Output;

/// <summary>Run-wide counters: live row counts for progress, and per-shard stats folded into the summary.</summary>
internal sealed class RunTotals(TimeProvider time, IProgress<IngestProgress>? progress)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<int, (long Rows, long Successes)> _live = [];
    private readonly long _started = time.GetTimestamp();
    private long _rowsDone;
    private long _successesDone;
    private int _shardsDone;

    public IngestSummary Summary { get; } = new();

    public TimeSpan Elapsed => time.GetElapsedTime(_started);

    /// <summary>Records a shard's running row counts (cumulative within the shard) and reports progress.</summary>
    public void OnRows(int shardId, long rows, long successes)
    {
        IngestProgress snapshot;
        lock (_gate)
        {
            _live[shardId] = (rows, successes);
            snapshot = Snapshot(shardId);
        }

        progress?.Report(snapshot);
    }

    public void OnShardDone(int shardId, ShardStats stats, string path)
    {
        IngestProgress snapshot;
        lock (_gate)
        {
            _live.Remove(shardId);
            _rowsDone += stats.Count;
            _successesDone += stats.Successes;
            _shardsDone++;
            Summary.Rows += stats.Count;
            Summary.Successes += stats.Successes;
            Summary.ShardPaths.Add(path);
            foreach (var (key, count) in stats.StatusDict)
            {
                Summary.TopErrors[key] = Summary.TopErrors.GetValueOrDefault(key) + count;
            }

            Count(RowStatus.Success, stats.Successes);
            Count(RowStatus.FailedToDownload, stats.FailedToDownload);
            Count(RowStatus.FailedToResize, stats.FailedToResize);
            Count(RowStatus.Filtered, stats.Count - stats.Successes - stats.FailedToDownload - stats.FailedToResize);
            snapshot = Snapshot(shardId);
        }

        progress?.Report(snapshot);
    }

    public void OnShardFailed(int shardId, string message)
    {
        lock (_gate)
        {
            _live.Remove(shardId);
            Summary.FailedShards.Add(new IngestShardFailure(shardId, message));
        }
    }

    public void OnShardSkipped()
    {
        lock (_gate)
        {
            Summary.ShardsSkipped++;
        }
    }

    public IngestSummary Finish()
    {
        lock (_gate)
        {
            Summary.DurationSeconds = Elapsed.TotalSeconds;
            Summary.ShardPaths.Sort(StringComparer.Ordinal);
            Summary.FailedShards.Sort((a, b) => a.ShardId.CompareTo(b.ShardId));
            var top = Summary.TopErrors.Where(p => p.Key != RowStatus.Success).OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal).Take(50).ToList();
            Summary.TopErrors.Clear();
            foreach (var (key, value) in top)
            {
                Summary.TopErrors[key] = value;
            }

            return Summary;
        }
    }

    private void Count(string status, long count)
    {
        if (count > 0)
        {
            Summary.StatusCounts[status] = Summary.StatusCounts.GetValueOrDefault(status) + count;
        }
    }

    private IngestProgress Snapshot(int shardId)
    {
        var rows = _rowsDone + _live.Values.Sum(v => v.Rows);
        var successes = _successesDone + _live.Values.Sum(v => v.Successes);
        return new IngestProgress(rows, successes, _shardsDone, ShardNaming.Stem(shardId), Elapsed);
    }
}
