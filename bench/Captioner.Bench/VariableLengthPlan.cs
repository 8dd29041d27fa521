namespace DataForge.Captioner.Bench;

/// <summary>What the variable-length benchmark runs: batch sizes, requests, output lengths and rounds.</summary>
/// <param name="Batches">Batch sizes (slots for continuous batching).</param>
/// <param name="RequestsPerSlot">Requests per slot, so continuous batching refills each slot this many times over.</param>
/// <param name="MinRequests">The fewest requests at any batch size, so batch 1 is not timed on two short rows.</param>
/// <param name="PromptTokens">Prompt length of every request.</param>
/// <param name="MinNew">Shortest output.</param>
/// <param name="MaxNew">Longest output.</param>
/// <param name="Rounds">How many times every measurement is repeated.</param>
/// <param name="StaticEverywhere">Whether the captioner's static batch runs at every batch size (always at batch 1).</param>
internal sealed record VariableLengthPlan(
    int[] Batches, int RequestsPerSlot, int MinRequests, int PromptTokens, int MinNew, int MaxNew, int Rounds, bool StaticEverywhere)
{
    public int RequestCount(int batch) => Math.Max(batch * RequestsPerSlot, MinRequests);

    public bool WithStatic(int batch) => StaticEverywhere || batch == 1;
}
