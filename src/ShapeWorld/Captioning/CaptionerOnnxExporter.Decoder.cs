using DataForge.Core.Onnx;

namespace DataForge.ShapeWorld.Captioning;

/// <content>The merged decoder: positions added to the merged embeddings, then the layers with a KV cache.</content>
public static partial class CaptionerOnnxExporter
{
    private static OnnxGraphBuilder DecoderGraph(ShapeCaptionerModel model)
    {
        var config = model.Config;
        var (d, heads, hd) = (config.ModelDim, config.Heads, config.HeadDim);
        var g = new OnnxGraphBuilder("shapeworld_decoder_model_merged")
            .Input("inputs_embeds", F32, "batch_size", "sequence_length", d)
            .Input("attention_mask", I64, "batch_size", "total_sequence_length")
            .Input("position_ids", I64, "batch_size", "sequence_length")
            .Output("logits", F32, "batch_size", "sequence_length", config.VocabularySize);
        for (var layer = 0; layer < config.Layers; layer++)
        {
            g.Input($"past_key_values.{layer}.key", F32, "batch_size", heads, "past_sequence_length", hd)
                .Input($"past_key_values.{layer}.value", F32, "batch_size", heads, "past_sequence_length", hd)
                .Output($"present.{layer}.key", F32, "batch_size", heads, "total_sequence_length", hd)
                .Output($"present.{layer}.value", F32, "batch_size", heads, "total_sequence_length", hd);
        }

        g.Initializer("position_table", Values(model.PositionEmbedding.weight!), config.MaxPositions, d)
            .Initializer("heads_shape", [0L, 0L, heads, hd], 4).Initializer("merged_shape", [0L, 0L, d], 3)
            .Initializer("scale", [1f / MathF.Sqrt(hd)]).Initializer("zero_f", [0f]).Initializer("one_f", [1f])
            .Initializer("masked_f", [-1e9f]).Initializer("big_f", [1e9f])
            .Initializer("i0", [0L], []).Initializer("i1", [1L], []).Initializer("i2", [2L], [])
            .Initializer("axes1", [1L], 1).Initializer("axes12", [1L, 2L], 2)
            .Node("Gather", ["position_table", "position_ids"], ["positions"], ("axis", 0L))
            .Node("Add", ["inputs_embeds", "positions"], ["x_in"]);
        AttentionBias(g);
        var x = "x_in";
        for (var layer = 0; layer < config.Layers; layer++)
        {
            x = Layer(g, layer, x, model.Layers[layer], config);
        }

        var normed = Norm(g, "final_norm", x, model.FinalNorm);
        g.Node("Identity", [Dense(g, "lm_head", normed, model.Head)], ["logits"]);
        return g;
    }

    // bias[b, 1, s, t] = 0 where key t is a real token at or before query s, else -1e9 (the training mask plus padding).
    private static void AttentionBias(OnnxGraphBuilder g) =>
        g.Node("Shape", ["past_key_values.0.key"], ["past_shape"])
            .Node("Gather", ["past_shape", "i2"], ["past_length"], ("axis", 0L))
            .Node("Shape", ["inputs_embeds"], ["x_shape"])
            .Node("Gather", ["x_shape", "i1"], ["seq_length"], ("axis", 0L))
            .Node("Add", ["past_length", "seq_length"], ["total_length"])
            .Node("Range", ["i0", "total_length", "i1"], ["key_index"])
            .Node("Range", ["past_length", "total_length", "i1"], ["query_index"])
            .Node("Unsqueeze", ["query_index", "axes1"], ["query_column"])
            .Node("LessOrEqual", ["key_index", "query_column"], ["causal_allowed"])
            .Node("Where", ["causal_allowed", "zero_f", "masked_f"], ["causal_bias"])
            .Node("Cast", ["attention_mask"], ["mask_f"], ("to", (long)F32))
            .Node("Sub", ["mask_f", "one_f"], ["mask_shifted"])
            .Node("Mul", ["mask_shifted", "big_f"], ["padding_bias_2d"])
            .Node("Unsqueeze", ["padding_bias_2d", "axes12"], ["padding_bias"])
            .Node("Add", ["causal_bias", "padding_bias"], ["attention_bias"]);

    private static string Layer(OnnxGraphBuilder g, int layer, string x, CaptionerBlock block, CaptionerConfig config)
    {
        string N(string name) => $"l{layer}_{name}";
        var parts = block.Parts();
        var h = Norm(g, N("ln1"), x, parts.Ln1);
        string Heads(string kind, TorchSharp.Modules.Linear linear)
        {
            g.Node("Reshape", [Dense(g, N(kind + "_proj"), h, linear), "heads_shape"], [N(kind + "_split")])
                .Node("Transpose", [N(kind + "_split")], [N(kind)], ("perm", new long[] { 0, 2, 1, 3 }));
            return N(kind);
        }

        var q = Heads("q", parts.Q);
        g.Node("Concat", [$"past_key_values.{layer}.key", Heads("k", parts.K)], [$"present.{layer}.key"], ("axis", 2L))
            .Node("Concat", [$"past_key_values.{layer}.value", Heads("v", parts.V)], [$"present.{layer}.value"], ("axis", 2L))
            .Node("Transpose", [$"present.{layer}.key"], [N("k_t")], ("perm", new long[] { 0, 1, 3, 2 }))
            .Node("MatMul", [q, N("k_t")], [N("scores_raw")])
            .Node("Mul", [N("scores_raw"), "scale"], [N("scores_scaled")])
            .Node("Add", [N("scores_scaled"), "attention_bias"], [N("scores")])
            .Node("Softmax", [N("scores")], [N("weights")], ("axis", -1L))
            .Node("MatMul", [N("weights"), $"present.{layer}.value"], [N("context_heads")])
            .Node("Transpose", [N("context_heads")], [N("context_split")], ("perm", new long[] { 0, 2, 1, 3 }))
            .Node("Reshape", [N("context_split"), "merged_shape"], [N("context")]);
        g.Node("Add", [x, Dense(g, N("o_proj"), N("context"), parts.O)], [N("attended")]);
        var hidden = Silu(g, Dense(g, N("fc1"), Norm(g, N("ln2"), N("attended"), parts.Ln2), parts.Fc1));
        g.Node("Add", [N("attended"), Dense(g, N("fc2"), hidden, parts.Fc2)], [N("out")]);
        return N("out");
    }
}
