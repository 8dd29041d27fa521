namespace DataForge.Ingest;

/// <summary>A progress snapshot for a progress bar: rows done, success rate, throughput and the shard being written.</summary>
/// <param name="RowsDone">Rows finished in this run (all statuses).</param>
/// <param name="Successes">Rows finished with status <c>success</c>.</param>
/// <param name="ShardsDone">Shards committed in this run.</param>
/// <param name="CurrentShard">The shard that last reported, e.g. <c>00003</c>.</param>
/// <param name="Elapsed">Time since the run started.</param>
public sealed record IngestProgress(long RowsDone, long Successes, int ShardsDone, string CurrentShard, TimeSpan Elapsed)
{
    /// <summary>Gets the rows finished per second.</summary>
    public double RowsPerSecond => Elapsed > TimeSpan.Zero ? RowsDone / Elapsed.TotalSeconds : 0;

    /// <summary>Gets the fraction of finished rows that succeeded (0 when none finished).</summary>
    public double SuccessRate => RowsDone > 0 ? (double)Successes / RowsDone : 0;
}
