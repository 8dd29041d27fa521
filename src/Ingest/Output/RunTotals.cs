using DataForge.Core.Shards;

namespace DataForge.Ingest.Output;

/// <summary>This invocation's counters: live row counts for progress, and what it wrote, skipped or failed.</summary>
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
            Summary.RunRows += stats.Count;
            Summary.RunSuccesses += stats.Successes;
            Summary.ShardPaths.Add(path);
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

    public void OnShardHeldElsewhere()
    {
        lock (_gate)
        {
            Summary.ShardsHeldElsewhere++;
        }
    }

    public IngestSummary Finish()
    {
        lock (_gate)
        {
            Summary.DurationSeconds = Elapsed.TotalSeconds;
            Summary.ShardPaths.Sort(StringComparer.Ordinal);
            Summary.FailedShards.Sort((a, b) => a.ShardId.CompareTo(b.ShardId));
            return Summary;
        }
    }

    private IngestProgress Snapshot(int shardId)
    {
        var rows = _rowsDone + _live.Values.Sum(v => v.Rows);
        var successes = _successesDone + _live.Values.Sum(v => v.Successes);
        return new IngestProgress(rows, successes, _shardsDone, ShardNaming.Stem(shardId), Elapsed);
    }
}
