namespace DataForge.NounStats;

/// <summary>Progress of a NounStats run, reported after each unit (shard, file or text slice).</summary>
/// <param name="Input">Label of the input being counted.</param>
/// <param name="Unit">The unit just finished.</param>
/// <param name="Captions">Captions counted so far in this input.</param>
/// <param name="Tokens">Words counted so far in this input.</param>
/// <param name="Reused">Whether the unit's partial result was reused from an earlier run.</param>
/// <param name="Rows">Rows read so far over all inputs of the run, left-out rows included.</param>
/// <param name="TotalRows">Rows of all inputs this run reads, from Parquet metadata up front; null when an input is a text or JSON file.</param>
public sealed record NounStatsProgress(string Input, string Unit, long Captions, long Tokens, bool Reused, long Rows = 0, long? TotalRows = null);
