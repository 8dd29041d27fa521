namespace DataForge.Captioner.Generation;

/// <summary>One row to generate for: its prompt ids (image placeholders already expanded) and its image tensor.</summary>
/// <param name="Key">The row's key; with the seed it picks the row's sampling stream, so a row samples the same whatever its batch.</param>
/// <param name="PromptIds">The tokenized prompt.</param>
/// <param name="Pixels">The preprocessed CHW image, or <see langword="null"/> for a text-only prompt.</param>
public sealed record GenerationRequest(string Key, long[] PromptIds, float[]? Pixels)
{
    /// <summary>
    /// Gets this row's own token limit, below <see cref="GenerationOptions.MaxNewTokens"/> (which still caps it), or
    /// <see langword="null"/> for the options' limit. Rows of one batch can thus end at different lengths, as with EOS.
    /// </summary>
    public int? MaxNewTokens { get; init; }
}
