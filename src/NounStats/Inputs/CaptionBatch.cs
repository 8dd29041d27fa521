namespace DataForge.NounStats.Inputs;

/// <summary>The captions of one unit of work (a shard, a file or a slice of a text file), in row order.</summary>
/// <param name="Unit">A stable name for the unit, used to name its partial result (e.g. <c>00042</c>).</param>
/// <param name="Captions">The captions of the rows that are counted; null where such a row has no caption.</param>
/// <param name="LeftOutRows">Rows read but not counted because their <c>status</c>/<c>caption_status</c> is not success.</param>
internal sealed record CaptionBatch(string Unit, string?[] Captions, long LeftOutRows)
{
    /// <summary>Gets the fingerprint of what the unit counts (<see cref="InputFingerprint.OfCaptions"/>), so a partial result can tell it is stale.</summary>
    public string Source { get; } = InputFingerprint.OfCaptions(Captions, LeftOutRows);
}
