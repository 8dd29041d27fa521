namespace DataForge.Captioner.Bench;

/// <summary>
/// One loop's throughput at one batch size in one round: wall-clock tokens/s, the process's CPU seconds per token
/// (which a loaded machine inflates far less than wall time), and the read bandwidth measured at the round's start.
/// </summary>
internal sealed record VariableLengthSample(string Loop, int Batch, int Round, double TokensPerSecond, double CpuSecondsPerToken, double BytesPerSecond);
