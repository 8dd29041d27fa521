using Onnx;

namespace DataForge.Core.Onnx;

/// <summary>
/// The additive attention bias of a KV-cache decoder graph in the onnx-community layout, shared by the decoders
/// DataForge writes: <c>bias[b, 1, s, t]</c> is 0 where key <c>t</c> is a real token (attention mask 1) at or before
/// query <c>s</c>, else -1e9. Query positions continue after the cache, so one graph serves the prompt pass and
/// every cached step.
/// </summary>
public static class OnnxAttentionBias
{
    /// <summary>Adds the bias nodes and the constants they use (all named <c>bias_*</c>).</summary>
    /// <param name="g">The graph.</param>
    /// <param name="pastKey">A float tensor [batch, heads, past, head] whose dim 2 is the cached length.</param>
    /// <param name="embeds">The float tensor [batch, sequence, hidden] of this step's inputs.</param>
    /// <param name="attentionMask">The int64 [batch, past + sequence] attention mask input.</param>
    /// <param name="output">Name of the [batch, 1, sequence, past + sequence] bias tensor.</param>
    public static void Add(OnnxGraphBuilder g, string pastKey, string embeds, string attentionMask, string output)
    {
        ArgumentNullException.ThrowIfNull(g);
        g.Initializer("bias_zero", [0f]).Initializer("bias_one", [1f]).Initializer("bias_masked", [-1e9f]).Initializer("bias_big", [1e9f])
            .Initializer("bias_i0", [0L], []).Initializer("bias_i1", [1L], []).Initializer("bias_i2", [2L], [])
            .Initializer("bias_axes1", [1L], 1).Initializer("bias_axes12", [1L, 2L], 2)
            .Node("Shape", [pastKey], ["bias_past_shape"])
            .Node("Gather", ["bias_past_shape", "bias_i2"], ["bias_past_length"], ("axis", 0L))
            .Node("Shape", [embeds], ["bias_x_shape"])
            .Node("Gather", ["bias_x_shape", "bias_i1"], ["bias_seq_length"], ("axis", 0L))
            .Node("Add", ["bias_past_length", "bias_seq_length"], ["bias_total_length"])
            .Node("Range", ["bias_i0", "bias_total_length", "bias_i1"], ["bias_key_index"])
            .Node("Range", ["bias_past_length", "bias_total_length", "bias_i1"], ["bias_query_index"])
            .Node("Unsqueeze", ["bias_query_index", "bias_axes1"], ["bias_query_column"])
            .Node("LessOrEqual", ["bias_key_index", "bias_query_column"], ["bias_causal_allowed"])
            .Node("Where", ["bias_causal_allowed", "bias_zero", "bias_masked"], ["bias_causal"])
            .Node("Cast", [attentionMask], ["bias_mask_f"], ("to", (long)TensorProto.Types.DataType.Float))
            .Node("Sub", ["bias_mask_f", "bias_one"], ["bias_mask_shifted"])
            .Node("Mul", ["bias_mask_shifted", "bias_big"], ["bias_padding_2d"])
            .Node("Unsqueeze", ["bias_padding_2d", "bias_axes12"], ["bias_padding"])
            .Node("Add", ["bias_causal", "bias_padding"], [output]);
    }
}
