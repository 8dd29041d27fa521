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
            .Initializer("scale", [1f / MathF.Sqrt(hd)])
            .Node("Gather", ["position_table", "position_ids"], ["positions"], ("axis", 0L))
            .Node("Add", ["inputs_embeds", "positions"], ["x_in"]);
        OnnxAttentionBias.Add(g, "past_key_values.0.key", "inputs_embeds", "attention_mask", "attention_bias");
        var x = "x_in";
        for (var layer = 0; layer < config.Layers; layer++)
        {
            x = Layer(g, layer, x, model.Layers[layer], config);
        }

        var normed = Norm(g, "final_norm", x, model.FinalNorm);
        g.Node("Identity", [Dense(g, "lm_head", normed, model.Head)], ["logits"]);
        return g;
    }

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
