using DataForge.NounStats.Counting;
using DataForge.NounStats.Reports;

namespace DataForge.NounStats;

/// <summary>The outcome of a NounStats run.</summary>
/// <param name="Statistics">One entry per input, in input order.</param>
/// <param name="Files">Report files written (Markdown, CSV, JSON, PNG).</param>
/// <param name="Elapsed">Wall time of the run.</param>
/// <param name="Provenance">How the numbers were made (settings, tagger, input fingerprints, version), as the reports print it.</param>
public sealed record NounStatsReport(IReadOnlyList<NounStatistics> Statistics, IReadOnlyList<string> Files, TimeSpan Elapsed, NounStatsProvenance Provenance);
