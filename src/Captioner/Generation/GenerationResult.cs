namespace DataForge.Captioner.Generation;

/// <summary>What generation produced for one row.</summary>
/// <param name="TokenIds">The generated ids, without the end token, cut at a loop, and without the tokens that only spelled a stop string.</param>
/// <param name="Text">The decoded text (cut before a stop string), or <see langword="null"/> without a tokenizer.</param>
/// <param name="FinishReason">Why it stopped.</param>
/// <param name="Seconds">Seconds from this row's prefill (the batch's start, or its refill under continuous batching) until it finished.</param>
public sealed record GenerationResult(long[] TokenIds, string? Text, FinishReason FinishReason, double Seconds);
