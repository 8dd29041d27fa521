namespace DataForge.Captioner.Bench;

/// <summary>
/// Qwen2-0.5B's decoder shapes (config of Qwen/Qwen2-0.5B); only the layer count is adjustable, and whether the
/// decoder declares <c>num_logits_to_keep</c> (onnxruntime-genai feeds it 0, every position; the captioner 1).
/// </summary>
internal sealed record BenchShape(int Layers, bool LogitsToKeep)
{
    public int Hidden => 896;

    public int Heads => 14;

    public int KvHeads => 2;

    public int HeadSize => 64;

    public int Intermediate => 4864;

    public int Vocabulary => 151936;

    public long EosId => 151645;

    public long PadId => 151643;

    public long ParametersPerLayer =>
        ((long)Hidden * Hidden * 2) + Hidden + ((long)Hidden * KvHeads * HeadSize * 2) + (2L * KvHeads * HeadSize)
        + (3L * Hidden * Intermediate) + (2L * Hidden);

    /// <summary>Bytes of fp32 weights one decode step streams: every layer plus the LM head (the embedding lookup reads one row per token).</summary>
    public long WeightBytesPerStep => 4 * ((Layers * ParametersPerLayer) + ((long)Hidden * Vocabulary) + Hidden);

    /// <summary>Bytes of fp32 KV cache read per decode step for one row at a given context length.</summary>
    public long KvBytesPerRow(int context) => 4L * Layers * 2 * KvHeads * HeadSize * context;
}
