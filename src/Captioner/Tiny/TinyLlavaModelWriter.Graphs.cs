using DataForge.Captioner.Models;
using DataForge.Core.Onnx;
using Onnx;

namespace DataForge.Captioner.Tiny;

/// <content>The three graphs. Hidden channels: one-hot token ids, then a constant "bias" channel, an
/// "is image" channel and three colour-class channels.</content>
public static partial class TinyLlavaModelWriter
{
    private const int Heads = 2;
    private const float AttentionScore = 30f;
    private const float ColourSharpness = 20f;

    private static readonly TensorProto.Types.DataType F32 = TensorProto.Types.DataType.Float;
    private static readonly TensorProto.Types.DataType F16 = TensorProto.Types.DataType.Float16;
    private static readonly TensorProto.Types.DataType I64 = TensorProto.Types.DataType.Int64;

    private static int Hidden(int vocabulary) => (vocabulary + 5 + Heads - 1) / Heads * Heads;

    private static OnnxGraphBuilder VisionGraph(int vocabulary, int tokens, TinyLlavaModelOptions options)
    {
        var d = Hidden(vocabulary);
        var io = options.Float16 ? F16 : F32;
        var g = new OnnxGraphBuilder("tiny_vision_encoder")
            .Input("pixel_values", io, "batch_size", 3, options.ImageSize, options.ImageSize)
            .Output("image_features", io, "batch_size", tokens, d);
        var pixels = CastIn(g, "pixel_values", options.Float16);

        // Class probabilities from the mean of each normalised channel: the dominant colour wins.
        var classes = new float[3 * d];
        for (var c = 0; c < 3; c++)
        {
            classes[(c * d) + vocabulary + 2 + c] = 1f;
        }

        var constant = new float[d];
        constant[vocabulary] = 1f;
        constant[vocabulary + 1] = 1f;
        g.Initializer("sharpness", [ColourSharpness])
            .Initializer("class_projection", classes, 3, d)
            .Initializer("feature_constant", constant, d)
            .Initializer("axis1", [1L], 1)
            .Initializer("repeats", [1L, tokens, 1L], 3)
            .Node("ReduceMean", [pixels], ["channel_mean"], ("axes", new long[] { 2, 3 }), ("keepdims", 0L))
            .Node("Mul", ["channel_mean", "sharpness"], ["sharpened"])
            .Node("Softmax", ["sharpened"], ["class_probabilities"], ("axis", 1L))
            .Node("MatMul", ["class_probabilities", "class_projection"], ["projected"])
            .Node("Add", ["projected", "feature_constant"], ["feature"])
            .Node("Unsqueeze", ["feature", "axis1"], ["feature_row"])
            .Node("Tile", ["feature_row", "repeats"], [options.Float16 ? "features_f32" : "image_features"]);
        CastOut(g, "features_f32", "image_features", options.Float16);
        return g;
    }

    private static OnnxGraphBuilder EmbedGraph(int vocabulary, TinyLlavaModelOptions options)
    {
        var d = Hidden(vocabulary);
        var table = new float[vocabulary * d];
        for (var t = 0; t < vocabulary; t++)
        {
            if (t != ImageId)
            {
                table[(t * d) + t] = 1f;
            }

            table[(t * d) + vocabulary] = 1f;
        }

        var io = options.Float16 ? F16 : F32;
        var g = new OnnxGraphBuilder("tiny_embed_tokens")
            .Input("input_ids", I64, "batch_size", "sequence_length")
            .Output("inputs_embeds", io, "batch_size", "sequence_length", d)
            .Initializer("embed_table", table, vocabulary, d)
            .Node("Gather", ["embed_table", "input_ids"], [options.Float16 ? "embeds_f32" : "inputs_embeds"], ("axis", 0L));
        CastOut(g, "embeds_f32", "inputs_embeds", options.Float16);
        return g;
    }

    private static OnnxGraphBuilder DecoderGraph(List<string> words, TinyLlavaModelOptions options)
    {
        var v = words.Count;
        var d = Hidden(v);
        var hd = d / Heads;
        var io = options.Float16 ? F16 : F32;
        var g = new OnnxGraphBuilder("tiny_decoder_model_merged")
            .Input("inputs_embeds", io, "batch_size", "sequence_length", d)
            .Input("attention_mask", I64, "batch_size", "total_sequence_length")
            .Input("position_ids", I64, "batch_size", "sequence_length")
            .Output("logits", io, "batch_size", "sequence_length", v);
        for (var layer = 0; layer < options.Layers; layer++)
        {
            g.Input(DecoderSignature.PastKey(layer), io, "batch_size", Heads, "past_sequence_length", hd)
                .Input(DecoderSignature.PastValue(layer), io, "batch_size", Heads, "past_sequence_length", hd)
                .Output(DecoderSignature.PresentKey(layer), io, "batch_size", Heads, "total_sequence_length", hd)
                .Output(DecoderSignature.PresentValue(layer), io, "batch_size", Heads, "total_sequence_length", hd);
        }

        var s = MathF.Sqrt(AttentionScore / MathF.Sqrt(hd));
        var wq = new float[d * d];
        var wk = new float[d * d];
        var wv = new float[d * d];
        var wo = new float[d * d];
        for (var j = 0; j < d; j++)
        {
            wq[(v * d) + j] = s;
            wk[((v + 1) * d) + j] = s;
        }

        for (var c = v + 2; c < v + 5; c++)
        {
            wv[(c * d) + c] = 1f;
            wo[(c * d) + c] = 1f;
        }

        g.Initializer("wq", wq, d, d).Initializer("wk", wk, d, d).Initializer("wv", wv, d, d)
            .Initializer("wo", wo, d, d).Initializer("wo_silent", new float[d * d], d, d)
            .Initializer("heads_shape", [0L, 0L, Heads, hd], 4).Initializer("merged_shape", [0L, 0L, d], 3)
            .Initializer("scale", [1f / MathF.Sqrt(hd)]);
        var x = CastIn(g, "inputs_embeds", options.Float16);
        AttentionBias(g, x, options.Float16);
        for (var layer = 0; layer < options.Layers; layer++)
        {
            // Only the first layer writes back; the others attend and cache for real but add nothing.
            x = Layer(g, layer, x, layer == 0 ? "wo" : "wo_silent", options.Float16);
        }

        var positions = "position_ids";
        if (options.LogitsToKeep != LogitsToKeepInput.None)
        {
            OnnxLogitsToKeep.Add(
                g, options.LogitsToKeep == LogitsToKeepInput.Defaulted, options.LogitsToKeep == LogitsToKeepInput.RequiredVector, (x, "x_kept"), (positions, "position_ids_kept"));
            x = "x_kept";
            positions = "position_ids_kept";
        }

        g.Initializer("w_out", OutputWeights(words, d), d, v)
            .Initializer("position_table", PositionTable(v, options), options.MaxPositions, v)
            .Node("MatMul", [x, "w_out"], ["token_logits"])
            .Node("Gather", ["position_table", positions], ["position_logits"], ("axis", 0L))
            .Node("Add", ["token_logits", "position_logits"], [options.Float16 ? "logits_f32" : "logits"]);
        CastOut(g, "logits_f32", "logits", options.Float16);
        return g;
    }

    // bias[b, 1, s, t] = 0 where key t is a real token at or before query s, else -1e9.
    private static void AttentionBias(OnnxGraphBuilder g, string x, bool float16) =>
        OnnxAttentionBias.Add(g, CastIn(g, DecoderSignature.PastKey(0), float16, "past_len_probe"), x, "attention_mask", "attention_bias");

    private static string Layer(OnnxGraphBuilder g, int layer, string x, string wo, bool float16)
    {
        string N(string name) => $"l{layer}_{name}";
        g.Node("MatMul", [x, "wq"], [N("q_flat")]).Node("Reshape", [N("q_flat"), "heads_shape"], [N("q_split")])
            .Node("Transpose", [N("q_split")], [N("q")], ("perm", new long[] { 0, 2, 1, 3 }));
        foreach (var (kind, weight) in new[] { ("k", "wk"), ("v", "wv") })
        {
            g.Node("MatMul", [x, weight], [N(kind + "_flat")]).Node("Reshape", [N(kind + "_flat"), "heads_shape"], [N(kind + "_split")])
                .Node("Transpose", [N(kind + "_split")], [N(kind + "_new")], ("perm", new long[] { 0, 2, 1, 3 }));
            var pastName = kind == "k" ? DecoderSignature.PastKey(layer) : DecoderSignature.PastValue(layer);
            var presentName = kind == "k" ? DecoderSignature.PresentKey(layer) : DecoderSignature.PresentValue(layer);
            var past = CastIn(g, pastName, float16, N(kind + "_past_f32"));
            g.Node("Concat", [past, N(kind + "_new")], [float16 ? N(kind + "_all") : presentName], ("axis", 2L));
            CastOut(g, N(kind + "_all"), presentName, float16);
        }

        var keys = float16 ? N("k_all") : DecoderSignature.PresentKey(layer);
        var values = float16 ? N("v_all") : DecoderSignature.PresentValue(layer);
        g.Node("Transpose", [keys], [N("k_t")], ("perm", new long[] { 0, 1, 3, 2 }))
            .Node("MatMul", [N("q"), N("k_t")], [N("scores_raw")])
            .Node("Mul", [N("scores_raw"), "scale"], [N("scores_scaled")])
            .Node("Add", [N("scores_scaled"), "attention_bias"], [N("scores")])
            .Node("Softmax", [N("scores")], [N("weights")], ("axis", -1L))
            .Node("MatMul", [N("weights"), values], [N("context_heads")])
            .Node("Transpose", [N("context_heads")], [N("context_split")], ("perm", new long[] { 0, 2, 1, 3 }))
            .Node("Reshape", [N("context_split"), "merged_shape"], [N("context")])
            .Node("MatMul", [N("context"), wo], [N("attention_out")])
            .Node("Add", [x, N("attention_out")], [N("out")]);
        return N("out");
    }

    // logits[n] = 2·[n follows the current token] + p(colour)·[n belongs to that colour's script].
    private static float[] OutputWeights(List<string> words, int d)
    {
        var v = words.Count;
        var w = new float[d * v];
        int Id(string word) => words.IndexOf(word);
        var scriptTokens = new HashSet<int>(Scripts.SelectMany(s => s).Select(Id)) { Id(Period) };
        for (var t = 0; t < v; t++)
        {
            if (!scriptTokens.Contains(t))
            {
                foreach (var script in Scripts)
                {
                    w[(t * v) + Id(script[0])] = 2f;
                }
            }
        }

        for (var c = 0; c < Scripts.Length; c++)
        {
            var script = Scripts[c];
            for (var i = 0; i < script.Length; i++)
            {
                // The green script has no period: it cycles, which is what the loop detector must catch.
                var next = i + 1 < script.Length ? Id(script[i + 1]) : c == 1 ? Id(script[0]) : Id(Period);
                w[(Id(script[i]) * v) + next] = 2f;
                w[((v + 2 + c) * v) + Id(script[i])] = 1f;
            }
        }

        w[(Id(Period) * v) + (int)EosId] = 2f;
        return w;
    }

    private static float[] PositionTable(int v, TinyLlavaModelOptions options)
    {
        var table = new float[options.MaxPositions * v];
        for (var p = options.EosPosition; p < options.MaxPositions; p++)
        {
            table[(p * v) + (int)EosId] = 10f;
        }

        return table;
    }

    private static string CastIn(OnnxGraphBuilder g, string name, bool float16, string? castName = null)
    {
        if (!float16)
        {
            return name;
        }

        var output = castName ?? name + "_f32";
        g.Node("Cast", [name], [output], ("to", (long)TensorProto.Types.DataType.Float));
        return output;
    }

    private static void CastOut(OnnxGraphBuilder g, string from, string to, bool float16)
    {
        if (float16)
        {
            g.Node("Cast", [from], [to], ("to", (long)TensorProto.Types.DataType.Float16));
        }
    }
}
