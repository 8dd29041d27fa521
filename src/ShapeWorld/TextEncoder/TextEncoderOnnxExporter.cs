using System.Text.Json;
using System.Text.Json.Nodes;
using DataForge.Core.Onnx;
using DataForge.ShapeWorld.Captioning;
using Onnx;
using static TorchSharp.torch;
using static DataForge.ShapeWorld.Captioning.CaptionerOnnxExporter;

namespace DataForge.ShapeWorld.TextEncoder;

/// <summary>
/// Exports a <see cref="ShapeTextEncoderModel"/> in the layout <c>extract-features</c> and <c>sample</c> read as T5:
/// <c>text_encoder/model.onnx</c> (<c>input_ids</c>, <c>attention_mask</c> (B, L) int64 → <c>last_hidden_state</c>
/// (B, L, D)) with a <c>config.json</c>, and <c>tokenizer/tokenizer.json</c> (word level, lower-case vocabulary,
/// <c>&lt;/s&gt;</c> appended as T5's tokenizer does, <c>&lt;unk&gt;</c> for unknown words). float32 weights, the
/// same operations in the same order as the TorchSharp model.
/// </summary>
public static class TextEncoderOnnxExporter
{
    /// <summary>The id recorded in <c>config.json</c>.</summary>
    public const string ModelId = "dataforge/shapeworld-text-encoder";

    private static readonly TensorProto.Types.DataType F32 = TensorProto.Types.DataType.Float;
    private static readonly TensorProto.Types.DataType I64 = TensorProto.Types.DataType.Int64;

    /// <summary>Writes the folder (files replaced, folders created).</summary>
    /// <param name="model">The encoder.</param>
    /// <param name="vocabulary">Its vocabulary.</param>
    /// <param name="directory">Destination.</param>
    /// <param name="provenance">How it was made, recorded in <c>config.json</c>; null for none.</param>
    /// <returns>The folder's full path.</returns>
    public static string Export(ShapeTextEncoderModel model, TextEncoderVocabulary vocabulary, string directory, JsonObject? provenance = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(vocabulary);
        var config = model.Config;
        if (vocabulary.Count != config.VocabularySize)
        {
            throw new ArgumentException($"the vocabulary has {vocabulary.Count} words but the model {config.VocabularySize}", nameof(vocabulary));
        }

        var encoderDir = Path.Combine(directory, "text_encoder");
        var tokenizerDir = Path.Combine(directory, "tokenizer");
        Directory.CreateDirectory(encoderDir);
        Directory.CreateDirectory(tokenizerDir);
        using (NewDisposeScope())
        using (no_grad())
        {
            Graph(model).Save(Path.Combine(encoderDir, "model.onnx"));
        }

        var json = new JsonSerializerOptions { WriteIndented = true };
        var tokenizer = WordLevelTokenizerJson.Build(vocabulary.Words, TextEncoderVocabulary.Specials.Count, "<unk>", prefix: [], suffix: ["</s>"]);
        File.WriteAllText(Path.Combine(tokenizerDir, "tokenizer.json"), tokenizer.ToJsonString(json));
        var node = new JsonObject
        {
            ["_name_or_path"] = ModelId,
            ["model_type"] = "dataforge-shapeworld-text-encoder",
            ["d_model"] = config.Dim,
            ["num_layers"] = config.Layers,
            ["num_heads"] = config.Heads,
            ["d_ff"] = config.FeedForwardDim,
            ["max_positions"] = config.MaxPositions,
            ["vocab_size"] = config.VocabularySize,
            ["pad_token_id"] = TextEncoderVocabulary.PadId,
            ["eos_token_id"] = TextEncoderVocabulary.EosId,
        };
        if (provenance is not null)
        {
            node["dataforge"] = provenance;
        }

        File.WriteAllText(Path.Combine(encoderDir, "config.json"), node.ToJsonString(json));
        return Path.GetFullPath(directory);
    }

    private static OnnxGraphBuilder Graph(ShapeTextEncoderModel model)
    {
        var config = model.Config;
        var (d, heads) = (config.Dim, config.Heads);
        var g = new OnnxGraphBuilder("shapeworld_text_encoder")
            .Input("input_ids", I64, "batch_size", "sequence_length")
            .Input("attention_mask", I64, "batch_size", "sequence_length")
            .Output("last_hidden_state", F32, "batch_size", "sequence_length", d)
            .Initializer("token_table", Values(model.TokenEmbedding.weight!), config.VocabularySize, d)
            .Initializer("position_table", Values(model.PositionEmbedding.weight!), config.MaxPositions, d)
            .Initializer("heads_shape", [0L, 0L, heads, d / heads], 4).Initializer("merged_shape", [0L, 0L, d], 3)
            .Initializer("scale", [1f / MathF.Sqrt(d / heads)])
            .Initializer("i0", [0L], []).Initializer("i1", [1L], []).Initializer("one", [1f]).Initializer("big", [1e9f])
            .Initializer("bias_axes", [1L, 2L], 2)
            .Node("Gather", ["token_table", "input_ids"], ["tokens"], ("axis", 0L))
            .Node("Shape", ["input_ids"], ["ids_shape"])
            .Node("Gather", ["ids_shape", "i1"], ["length"], ("axis", 0L))
            .Node("Range", ["i0", "length", "i1"], ["position_ids"])
            .Node("Gather", ["position_table", "position_ids"], ["positions"], ("axis", 0L))
            .Node("Add", ["tokens", "positions"], ["x_in"])
            .Node("Cast", ["attention_mask"], ["mask_f"], ("to", (long)F32))
            .Node("Sub", ["mask_f", "one"], ["mask_shifted"])
            .Node("Mul", ["mask_shifted", "big"], ["bias_2d"])
            .Node("Unsqueeze", ["bias_2d", "bias_axes"], ["attention_bias"]);
        var x = "x_in";
        for (var layer = 0; layer < config.Layers; layer++)
        {
            x = Layer(g, layer, x, model.Layers[layer]);
        }

        g.Node("Identity", [Norm(g, "final_norm", x, model.FinalNorm)], ["last_hidden_state"]);
        return g;
    }

    // CaptionerBlock without a KV cache: every query sees every unpadded key.
    private static string Layer(OnnxGraphBuilder g, int layer, string x, CaptionerBlock block)
    {
        string N(string name) => $"l{layer}_{name}";
        var parts = block.Parts();
        var h = Norm(g, N("ln1"), x, parts.Ln1);
        string Heads(string kind, TorchSharp.Modules.Linear linear, long[] perm)
        {
            g.Node("Reshape", [Dense(g, N(kind + "_proj"), h, linear), "heads_shape"], [N(kind + "_split")])
                .Node("Transpose", [N(kind + "_split")], [N(kind)], ("perm", perm));
            return N(kind);
        }

        var q = Heads("q", parts.Q, [0, 2, 1, 3]);
        var kT = Heads("k", parts.K, [0, 2, 3, 1]);
        var v = Heads("v", parts.V, [0, 2, 1, 3]);
        g.Node("MatMul", [q, kT], [N("scores_raw")])
            .Node("Mul", [N("scores_raw"), "scale"], [N("scores_scaled")])
            .Node("Add", [N("scores_scaled"), "attention_bias"], [N("scores")])
            .Node("Softmax", [N("scores")], [N("weights")], ("axis", -1L))
            .Node("MatMul", [N("weights"), v], [N("context_heads")])
            .Node("Transpose", [N("context_heads")], [N("context_split")], ("perm", new long[] { 0, 2, 1, 3 }))
            .Node("Reshape", [N("context_split"), "merged_shape"], [N("context")]);
        g.Node("Add", [x, Dense(g, N("o_proj"), N("context"), parts.O)], [N("attended")]);
        var hidden = Silu(g, Dense(g, N("fc1"), Norm(g, N("ln2"), N("attended"), parts.Ln2), parts.Fc1));
        g.Node("Add", [N("attended"), Dense(g, N("fc2"), hidden, parts.Fc2)], [N("out")]);
        return N("out");
    }
}
