namespace DataForge.ShapeWorld.Captioning;

/// <summary>
/// One training batch: normalised pixels, right-padded ids (prompt with image placeholders, caption, end token) and
/// the next-word targets from the last prompt position on, with <see cref="Ignore"/> where there is nothing to predict.
/// </summary>
internal sealed class CaptionerBatch
{
    /// <summary>Target value cross-entropy skips.</summary>
    public const long Ignore = -100;

    private CaptionerBatch(float[] pixels, long[] ids, long[] targets, long[]? cellTargets, int size, int length, int firstLogit)
    {
        CellTargets = cellTargets;
        Pixels = pixels;
        Ids = ids;
        Targets = targets;
        Size = size;
        Length = length;
        FirstLogit = firstLogit;
    }

    public float[] Pixels { get; }

    public long[] Ids { get; }

    public long[] Targets { get; }

    /// <summary>Gets the vision tower's per-cell targets (<see cref="CaptionerCellHead.Targets"/>), or <see langword="null"/> when an item has no scene graph.</summary>
    public long[]? CellTargets { get; }

    public int Size { get; }

    public int Length { get; }

    /// <summary>Gets the first position whose logits are scored: the prompt's last token predicts the first word.</summary>
    public int FirstLogit { get; }

    /// <summary>Builds a batch.</summary>
    /// <param name="items">The pairs.</param>
    /// <param name="prompt">The encoded prompt (with placeholders).</param>
    /// <param name="vocabulary">The vocabulary.</param>
    /// <param name="config">The network shape.</param>
    /// <returns>The batch.</returns>
    /// <exception cref="InvalidDataException">A caption does not fit the position table.</exception>
    public static CaptionerBatch Build(IReadOnlyList<CaptionedImage> items, long[] prompt, CaptionVocabulary vocabulary, CaptionerConfig config)
    {
        var size = config.ImageSize;
        var captions = items.Select(i => vocabulary.EncodeWords(i.Caption)).ToList();
        var length = prompt.Length + captions.Max(c => c.Length) + 1;
        if (length > config.MaxPositions)
        {
            throw new InvalidDataException($"a caption of {captions.Max(c => c.Length)} words does not fit {config.MaxPositions} positions after a {prompt.Length}-token prompt");
        }

        var pixels = new float[items.Count * 3 * size * size];
        var ids = new long[items.Count * length];
        var firstLogit = prompt.Length - 1;
        var scored = length - firstLogit;
        var targets = new long[items.Count * scored];
        Array.Fill(ids, CaptionVocabulary.PadId);
        Array.Fill(targets, Ignore);
        for (var b = 0; b < items.Count; b++)
        {
            CaptionerPixels.Normalize(items[b].Rgb, size, pixels.AsSpan(b * 3 * size * size, 3 * size * size));
            long[] sequence = [.. prompt, .. captions[b], CaptionVocabulary.EosId];
            sequence.CopyTo(ids, b * length);
            for (var t = firstLogit; t + 1 < sequence.Length; t++)
            {
                targets[(b * scored) + t - firstLogit] = sequence[t + 1];
            }
        }

        long[]? cells = null;
        if (items.All(i => i.Objects is not null))
        {
            var perImage = config.ImageTokens * CaptionerCellHead.TargetsPerCell;
            cells = new long[items.Count * perImage];
            for (var b = 0; b < items.Count; b++)
            {
                CaptionerCellHead.Targets(items[b].Objects!, config.GridSize, cells.AsSpan(b * perImage, perImage));
            }
        }

        return new CaptionerBatch(pixels, ids, targets, cells, items.Count, length, firstLogit);
    }
}
