namespace DataForge.NounStats.Reports;

/// <summary>Which data one row of a report was counted from.</summary>
/// <param name="Label">The report label.</param>
/// <param name="Path">The input's full path.</param>
/// <param name="Kind">Shard folder, Parquet, JSON or text.</param>
/// <param name="Column">The caption column or field (empty for text).</param>
/// <param name="Units">How many units (shards, files, slices) were counted.</param>
/// <param name="Fingerprint">SHA-256 over the fingerprints of every unit (path, size, time, both ends of the file).</param>
public sealed record InputProvenance(string Label, string Path, string Kind, string Column, int Units, string Fingerprint);
