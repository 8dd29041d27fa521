namespace DataForge.Trainer.Sampling;

/// <summary>One sample image in <see cref="SampleIndex"/>.</summary>
/// <param name="File">File name in the samples folder.</param>
/// <param name="Prompt">The prompt it was made from.</param>
/// <param name="Seed">Seed of the batch's initial noise.</param>
/// <param name="BatchIndex">Its position in the batch (the prompt's position on the command line).</param>
public sealed record SampleIndexEntry(string File, string Prompt, int Seed, int BatchIndex);
