using DataForge.Ingest.Inputs;

namespace DataForge.Ingest.Output;

/// <summary>One input row after fetch and the image kernel, with what it cost, for the shard's stats.</summary>
/// <param name="Outcome">The row's outcome.</param>
/// <param name="Trailing">The row's passthrough values.</param>
/// <param name="FetchTicks">Stopwatch ticks spent fetching the bytes (HTTP with retries, or a local read).</param>
/// <param name="ProcessTicks">Stopwatch ticks spent in the image kernel.</param>
/// <param name="BytesFetched">Bytes of the original image (0 when none arrived).</param>
internal readonly record struct ProcessedRow(RowOutcome Outcome, object?[] Trailing, long FetchTicks, long ProcessTicks, long BytesFetched);
