using DataForge.Core.Errors;

namespace DataForge.Captioner.Generation;

/// <summary>How captions are generated: length, sampling, penalties, stops and loop detection.</summary>
public sealed class GenerationOptions
{
    /// <summary>Gets or sets the maximum number of generated tokens per row (<c>--max-new-tokens</c>).</summary>
    /// <value>The default value is <see cref="GenerationConstants.MaxNewTokens"/>.</value>
    public int MaxNewTokens { get; set; } = GenerationConstants.MaxNewTokens;

    /// <summary>Gets or sets the sampling temperature; 0 is greedy (<c>--temperature</c>).</summary>
    /// <value>The default value is <see cref="GenerationConstants.Temperature"/>.</value>
    public float Temperature { get; set; } = GenerationConstants.Temperature;

    /// <summary>Gets or sets the nucleus probability mass kept when sampling (<c>--top-p</c>).</summary>
    /// <value>The default value is <see cref="GenerationConstants.TopP"/>.</value>
    public float TopP { get; set; } = GenerationConstants.TopP;

    /// <summary>Gets or sets how many most likely tokens are kept when sampling; 0 keeps all (<c>--top-k</c>).</summary>
    /// <value>The default value is <see cref="GenerationConstants.TopK"/>.</value>
    public int TopK { get; set; } = GenerationConstants.TopK;

    /// <summary>Gets or sets the CTRL-style penalty on tokens already generated; 1 disables it (<c>--repetition-penalty</c>).</summary>
    /// <value>The default value is <see cref="GenerationConstants.RepetitionPenalty"/>.</value>
    public float RepetitionPenalty { get; set; } = GenerationConstants.RepetitionPenalty;

    /// <summary>Gets or sets the n-gram size that may not occur twice in a caption; 0 disables it (<c>--no-repeat-ngram-size</c>).</summary>
    /// <value>The default value is <see cref="GenerationConstants.NoRepeatNgramSize"/>.</value>
    public int NoRepeatNgramSize { get; set; } = GenerationConstants.NoRepeatNgramSize;

    /// <summary>Gets or sets extra token ids that end a row with <see cref="FinishReason.Stop"/> (<c>--stop-token</c>).</summary>
    /// <value>The default value is empty.</value>
    public IReadOnlyList<long> StopTokenIds { get; set; } = [];

    /// <summary>Gets or sets strings that end a row with <see cref="FinishReason.Stop"/>; the caption is cut before them (<c>--stop</c>).</summary>
    /// <value>The default value is empty.</value>
    public IReadOnlyList<string> StopStrings { get; set; } = [];

    /// <summary>Gets or sets the sampling seed; each row's generator is derived from it and the row's key (<c>--seed</c>).</summary>
    /// <value>The default value is 0.</value>
    public int Seed { get; set; }

    /// <summary>Gets or sets whether repetition loops are detected, cut and flagged (<c>--loop-detection</c>).</summary>
    /// <value>The default value is <see langword="true"/>.</value>
    public bool LoopDetection { get; set; } = true;

    /// <summary>Gets or sets how many back-to-back copies of a unit count as a loop.</summary>
    /// <value>The default value is <see cref="GenerationConstants.LoopMinRepeats"/>.</value>
    public int LoopMinRepeats { get; set; } = GenerationConstants.LoopMinRepeats;

    /// <summary>Gets or sets the fewest tokens the repeated run must span, so "very very" is not a loop.</summary>
    /// <value>The default value is <see cref="GenerationConstants.LoopMinTokens"/>.</value>
    public int LoopMinTokens { get; set; } = GenerationConstants.LoopMinTokens;

    /// <summary>Gets or sets the longest repeated unit, in tokens, that is looked for.</summary>
    /// <value>The default value is <see cref="GenerationConstants.LoopMaxPeriod"/>.</value>
    public int LoopMaxPeriod { get; set; } = GenerationConstants.LoopMaxPeriod;

    /// <summary>Gets whether tokens are sampled rather than chosen greedily.</summary>
    public bool Sampling => Temperature > 0f;

    /// <summary>Validates the options once, before generation starts.</summary>
    /// <exception cref="OptionsValidationException">A value is out of range.</exception>
    public void Validate()
    {
        if (MaxNewTokens < 1)
        {
            throw new OptionsValidationException("--max-new-tokens", $"must be at least 1, got {MaxNewTokens}");
        }

        if (Temperature < 0f || float.IsNaN(Temperature))
        {
            throw new OptionsValidationException("--temperature", $"must be 0 (greedy) or positive, got {Temperature}");
        }

        if (TopP is <= 0f or > 1f || float.IsNaN(TopP))
        {
            throw new OptionsValidationException("--top-p", $"must be in (0, 1], got {TopP}");
        }

        if (TopK < 0)
        {
            throw new OptionsValidationException("--top-k", $"must be 0 (off) or positive, got {TopK}");
        }

        if (RepetitionPenalty <= 0f || float.IsNaN(RepetitionPenalty))
        {
            throw new OptionsValidationException("--repetition-penalty", $"must be positive, got {RepetitionPenalty}");
        }

        if (NoRepeatNgramSize < 0)
        {
            throw new OptionsValidationException("--no-repeat-ngram-size", $"must be 0 (off) or positive, got {NoRepeatNgramSize}");
        }

        if (LoopMinRepeats < 2 || LoopMinTokens < 1 || LoopMaxPeriod < 1)
        {
            throw new OptionsValidationException("--loop-detection", "loop repeats must be at least 2, span and period at least 1");
        }

        if (StopStrings.Any(string.IsNullOrEmpty))
        {
            throw new OptionsValidationException("--stop", "stop strings must not be empty");
        }
    }
}
