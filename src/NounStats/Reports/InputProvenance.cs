namespace DataForge.NounStats.Reports;

/// <summary>Which data one row of a report was counted from.</summary>
/// <param name="Label">The report label.</param>
/// <param name="Path">The input's full path.</param>
/// <param name="Kind">Shard folder, Parquet, JSON or text.</param>
/// <param name="Column">The caption column or field (empty for text).</param>
/// <param name="Units">How many units (shards, files, slices) were counted.</param>
/// <param name="Fingerprint">SHA-256 over every unit's fingerprint: the captions counted and the rows left out, so the same data anywhere gives the same value.</param>
public sealed record InputProvenance(string Label, string Path, string Kind, string Column, int Units, string Fingerprint);
