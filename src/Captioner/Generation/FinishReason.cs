namespace DataForge.Captioner.Generation;

/// <summary>Why generation of one row stopped; written to the <c>caption_finish_reason</c> column.</summary>
public enum FinishReason
{
    /// <summary>The model emitted an end-of-sequence token.</summary>
    Eos,

    /// <summary><see cref="GenerationOptions.MaxNewTokens"/> was reached.</summary>
    Length,

    /// <summary>A stop token or stop string was produced.</summary>
    Stop,

    /// <summary>The output started repeating itself; it was cut where the loop began.</summary>
    Loop,
}
