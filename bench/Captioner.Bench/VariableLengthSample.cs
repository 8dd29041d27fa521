namespace DataForge.Captioner.Bench;

/// <summary>One loop's throughput at one batch size in one round, with the read bandwidth measured at the round's start.</summary>
internal sealed record VariableLengthSample(string Loop, int Batch, int Round, double TokensPerSecond, double BytesPerSecond);
