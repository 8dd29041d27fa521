using DataForge.Core.Progress;
using DataForge.Ingest;
using DataForge.NounStats;

namespace DataForge.Cli.Rendering;

/// <summary>How each stage's own progress reports read in the CLI's progress display (one place, used by commands and the demo).</summary>
public static class StageProgressMapping
{
    /// <summary>Ingest: rows, rows/s, success rate, current shard.</summary>
    /// <param name="display">The display.</param>
    /// <returns>The sink to hand to the ingest runner.</returns>
    public static IProgress<IngestProgress> Ingest(IProgress<StageProgress> display) =>
        new MappedProgress<IngestProgress>(display, value => new StageProgress(
            "ingest",
            "rows",
            value.RowsDone,
            null,
            $"shard {value.CurrentShard}",
            // The rate is the renderer's (rows/s column, or the log line's own), so it is not repeated here.
            new Dictionary<string, double> { ["success %"] = value.SuccessRate * 100 }));

    /// <summary>NounStats: rows read over all inputs against their total from Parquet metadata (none for text and JSON inputs), current input and unit.</summary>
    /// <param name="display">The display.</param>
    /// <returns>The sink to hand to the NounStats runner.</returns>
    public static IProgress<NounStatsProgress> NounStats(IProgress<StageProgress> display) =>
        new MappedProgress<NounStatsProgress>(display, value => new StageProgress("nounstats", "rows", value.Rows, value.TotalRows, $"{value.Input} {value.Unit}"));
}
