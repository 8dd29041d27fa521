namespace DataForge.Captioner.Generation;

/// <summary>Defaults of <see cref="GenerationOptions"/>.</summary>
public static class GenerationConstants
{
    /// <summary>Default <see cref="GenerationOptions.MaxNewTokens"/>: PixArt-α's T5 budget is 120 tokens, so longer captions are mostly wasted.</summary>
    public const int MaxNewTokens = 256;

    /// <summary>Default <see cref="GenerationOptions.Temperature"/>: 0 means greedy.</summary>
    public const float Temperature = 0f;

    /// <summary>Default <see cref="GenerationOptions.TopP"/>: no nucleus filtering.</summary>
    public const float TopP = 1f;

    /// <summary>Default <see cref="GenerationOptions.TopK"/>: 0 disables top-k.</summary>
    public const int TopK = 0;

    /// <summary>Default <see cref="GenerationOptions.RepetitionPenalty"/>: 1 disables it.</summary>
    public const float RepetitionPenalty = 1f;

    /// <summary>Default <see cref="GenerationOptions.NoRepeatNgramSize"/>: 0 disables it.</summary>
    public const int NoRepeatNgramSize = 0;

    /// <summary>Default <see cref="GenerationOptions.LoopMinRepeats"/>.</summary>
    public const int LoopMinRepeats = 3;

    /// <summary>Default <see cref="GenerationOptions.LoopMinTokens"/>.</summary>
    public const int LoopMinTokens = 12;

    /// <summary>Default <see cref="GenerationOptions.LoopMaxPeriod"/>.</summary>
    public const int LoopMaxPeriod = 64;
}
