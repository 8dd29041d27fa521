namespace DataForge.NounStats.Inputs;

/// <summary>The captions of one unit of work (a shard, a file or a slice of a text file), in row order.</summary>
/// <param name="Unit">A stable name for the unit, used to name its partial result (e.g. <c>00042</c>).</param>
/// <param name="Captions">The captions; null where the row has none.</param>
/// <param name="UnreadableRows">Rows that could not be parsed (kept as null captions, never a crash).</param>
internal sealed record CaptionBatch(string Unit, string?[] Captions, int UnreadableRows);
