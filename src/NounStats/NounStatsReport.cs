using DataForge.NounStats.Counting;

namespace DataForge.NounStats;

/// <summary>The outcome of a NounStats run.</summary>
/// <param name="Statistics">One entry per input, in input order.</param>
/// <param name="Files">Report files written (Markdown, CSV, JSON, PNG).</param>
/// <param name="Elapsed">Wall time of the run.</param>
public sealed record NounStatsReport(IReadOnlyList<NounStatistics> Statistics, IReadOnlyList<string> Files, TimeSpan Elapsed);
