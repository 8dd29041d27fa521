using System.Text.Json.Nodes;
using DataForge.Core.Onnx;
using Onnx;

namespace DataForge.Captioner.Bench;

/// <summary>
/// Writes a decoder with Qwen2-0.5B's per-layer shapes and random weights, twice over one weight file: as the
/// captioner's three-session layout (<c>embed_tokens</c> + <c>decoder_model_merged</c> taking <c>inputs_embeds</c>),
/// and as a text-only decoder taking <c>input_ids</c> with a <c>genai_config.json</c> for onnxruntime-genai.
/// Layers are RMSNorm → GQA attention over past+present KV (14 query heads, 2 KV heads of 64) → RMSNorm → SwiGLU
/// MLP (4864). Rotary embeddings are left out: they are elementwise and do not change the cost picture. With
/// <see cref="BenchShape.LogitsToKeep"/> both graphs declare a required <c>num_logits_to_keep</c> [1]: the captioner
/// feeds 1; onnxruntime-genai feeds 0 (keep all) to that input by name, as its logits buffer is [batch, seq, vocab].
/// </summary>
internal static class QwenShapedModelWriter
{
    private const string InterleaveChatTemplate = "{% for message in messages %}{{'<|im_start|>' + message['role'] + '\\n'}}{# Render all images first #}{% for content in message['content'] | selectattr('type', 'equalto', 'image') %}{{ '<image>' }}{% endfor %}{# Render all text next #}{% if message['role'] != 'assistant' %}{% for content in message['content'] | selectattr('type', 'equalto', 'text') %}{{ '\\n' + content['text'] }}{% endfor %}{% else %}{% for content in message['content'] | selectattr('type', 'equalto', 'text') %}{% generation %}{{ '\\n' + content['text'] }}{% endgeneration %}{% endfor %}{% endif %}{{'<|im_end|>' + '\\n'}}{% endfor %}{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}";

    private const string WeightsFile = "weights.bin";
    private static readonly TensorProto.Types.DataType F32 = TensorProto.Types.DataType.Float;
    private static readonly TensorProto.Types.DataType I64 = TensorProto.Types.DataType.Int64;

    public static void Write(string directory, BenchShape shape)
    {
        var onnx = Path.Combine(directory, "onnx");
        Directory.CreateDirectory(onnx);
        using (var weights = new WeightFile(Path.Combine(onnx, WeightsFile), 42))
        {
            var scaleIn = 1f / MathF.Sqrt(shape.Hidden);
            weights.Add("embed", 0.05f, null, shape.Vocabulary, shape.Hidden);
            for (var l = 0; l < shape.Layers; l++)
            {
                weights.Add($"l{l}.norm1", 0, 1f, shape.Hidden);
                weights.Add($"l{l}.wq", scaleIn, null, shape.Hidden, shape.Hidden);
                weights.Add($"l{l}.bq", 0.02f, null, shape.Hidden);
                weights.Add($"l{l}.wk", scaleIn, null, shape.Hidden, shape.KvHeads * shape.HeadSize);
                weights.Add($"l{l}.bk", 0.02f, null, shape.KvHeads * shape.HeadSize);
                weights.Add($"l{l}.wv", scaleIn, null, shape.Hidden, shape.KvHeads * shape.HeadSize);
                weights.Add($"l{l}.bv", 0.02f, null, shape.KvHeads * shape.HeadSize);
                weights.Add($"l{l}.wo", scaleIn, null, shape.Hidden, shape.Hidden);
                weights.Add($"l{l}.norm2", 0, 1f, shape.Hidden);
                weights.Add($"l{l}.wg", scaleIn, null, shape.Hidden, shape.Intermediate);
                weights.Add($"l{l}.wu", scaleIn, null, shape.Hidden, shape.Intermediate);
                weights.Add($"l{l}.wd", 1f / MathF.Sqrt(shape.Intermediate), null, shape.Intermediate, shape.Hidden);
            }

            weights.Add("final_norm", 0, 1f, shape.Hidden);
            weights.Add("lm_head", scaleIn, null, shape.Hidden, shape.Vocabulary);
            // A zero EOS column gives EOS a logit of exactly 0, which never beats the maximum of ~150k random logits.
            weights.ZeroColumn("lm_head", shape.EosId);

            Embed(weights, shape).Save(Path.Combine(onnx, "embed_tokens.onnx"));
            Decoder(weights, shape, textOnly: false).Save(Path.Combine(onnx, "decoder_model_merged.onnx"));
            Decoder(weights, shape, textOnly: true).Save(Path.Combine(onnx, "decoder_text_only.onnx"));
        }

        WriteConfigs(directory, onnx, shape);
    }

    private static OnnxGraphBuilder Embed(WeightFile weights, BenchShape shape)
    {
        var g = new OnnxGraphBuilder("embed_tokens")
            .Input("input_ids", I64, "batch_size", "sequence_length")
            .Output("inputs_embeds", F32, "batch_size", "sequence_length", shape.Hidden);
        External(g, weights, "embed");
        return g.Node("Gather", ["embed", "input_ids"], ["inputs_embeds"], ("axis", 0L));
    }

    private static OnnxGraphBuilder Decoder(WeightFile weights, BenchShape shape, bool textOnly)
    {
        var g = new OnnxGraphBuilder(textOnly ? "decoder_text_only" : "decoder_model_merged");
        if (textOnly)
        {
            g.Input("input_ids", I64, "batch_size", "sequence_length");
            External(g, weights, "embed");
            g.Node("Gather", ["embed", "input_ids"], ["inputs_embeds"], ("axis", 0L));
        }
        else
        {
            g.Input("inputs_embeds", F32, "batch_size", "sequence_length", shape.Hidden);
        }

        g.Input("attention_mask", I64, "batch_size", "total_sequence_length")
            .Input("position_ids", I64, "batch_size", "sequence_length");
        for (var l = 0; l < shape.Layers; l++)
        {
            g.Input($"past_key_values.{l}.key", F32, "batch_size", shape.KvHeads, "past_sequence_length", shape.HeadSize)
                .Input($"past_key_values.{l}.value", F32, "batch_size", shape.KvHeads, "past_sequence_length", shape.HeadSize);
        }

        g.Output("logits", F32, "batch_size", "sequence_length", shape.Vocabulary);
        for (var l = 0; l < shape.Layers; l++)
        {
            g.Output($"present.{l}.key", F32, "batch_size", shape.KvHeads, "total_sequence_length", shape.HeadSize)
                .Output($"present.{l}.value", F32, "batch_size", shape.KvHeads, "total_sequence_length", shape.HeadSize);
        }

        var groups = shape.Heads / shape.KvHeads;
        g.Initializer("eps", [1e-6f]).Initializer("scale", [1f / MathF.Sqrt(shape.HeadSize)])
            .Initializer("zero_f", [0f]).Initializer("one_f", [1f]).Initializer("masked_f", [-1e9f]).Initializer("big_f", [1e9f])
            .Initializer("i0", [0L], []).Initializer("i1", [1L], []).Initializer("i2", [2L], [])
            .Initializer("axes1", [1L], 1).Initializer("axes123", [1L, 2L, 3L], 3).Initializer("axes2", [2L], 1)
            .Initializer("q_shape", [0L, 0L, shape.Heads, shape.HeadSize], 4)
            .Initializer("kv_shape", [0L, 0L, shape.KvHeads, shape.HeadSize], 4)
            .Initializer("q_groups", [0L, shape.KvHeads, groups, -1L, shape.HeadSize], 5)
            .Initializer("heads_back", [0L, shape.Heads, -1L, shape.HeadSize], 4)
            .Initializer("merged", [0L, 0L, shape.Hidden], 3);
        // Position ids are a declared input as in the real export; with no rotary embedding they only feed a zero-weight term.
        g.Node("Cast", ["position_ids"], ["position_f"], ("to", (long)TensorProto.Types.DataType.Float))
            .Node("ReduceSum", ["position_f"], ["position_sum"], ("keepdims", 0L))
            .Node("Mul", ["position_sum", "zero_f"], ["position_zero"]);

        // Attention bias [B,1,1,S,T]: causal over past+new positions, -1e9 on padding.
        g.Node("Shape", ["past_key_values.0.key"], ["past_shape"]).Node("Gather", ["past_shape", "i2"], ["past_length"], ("axis", 0L))
            .Node("Shape", ["position_ids"], ["pos_shape"]).Node("Gather", ["pos_shape", "i1"], ["seq_length"], ("axis", 0L))
            .Node("Add", ["past_length", "seq_length"], ["total_length"])
            .Node("Range", ["i0", "total_length", "i1"], ["key_index"]).Node("Range", ["past_length", "total_length", "i1"], ["query_index"])
            .Node("Unsqueeze", ["query_index", "axes1"], ["query_column"]).Node("LessOrEqual", ["key_index", "query_column"], ["causal"])
            .Node("Where", ["causal", "zero_f", "masked_f"], ["causal_bias"])
            .Node("Cast", ["attention_mask"], ["mask_f"], ("to", (long)TensorProto.Types.DataType.Float))
            .Node("Sub", ["mask_f", "one_f"], ["mask_shift"]).Node("Mul", ["mask_shift", "big_f"], ["pad_bias_2d"])
            .Node("Unsqueeze", ["pad_bias_2d", "axes123"], ["pad_bias"]).Node("Add", ["causal_bias", "pad_bias"], ["bias_raw"])
            .Node("Add", ["bias_raw", "position_zero"], ["attention_bias"]);

        var x = "inputs_embeds";
        for (var l = 0; l < shape.Layers; l++)
        {
            foreach (var w in new[] { "norm1", "wq", "bq", "wk", "bk", "wv", "bv", "wo", "norm2", "wg", "wu", "wd" })
            {
                External(g, weights, $"l{l}.{w}");
            }

            x = Layer(g, l, x);
        }

        External(g, weights, "final_norm");
        External(g, weights, "lm_head");
        if (shape.LogitsToKeep)
        {
            OnnxLogitsToKeep.Add(g, defaulted: false, vector: true, (x, "hidden_kept"));
            x = "hidden_kept";
        }

        var final = RmsNorm(g, x, "final_norm", "final");
        return g.Node("MatMul", [final, "lm_head"], ["logits"]);
    }

    private static string Layer(OnnxGraphBuilder g, int l, string x)
    {
        string N(string s) => $"l{l}_{s}";
        var h = RmsNorm(g, x, $"l{l}.norm1", N("n1"));
        g.Node("MatMul", [h, $"l{l}.wq"], [N("q0")]).Node("Add", [N("q0"), $"l{l}.bq"], [N("q1")])
            .Node("Reshape", [N("q1"), "q_shape"], [N("q2")]).Node("Transpose", [N("q2")], [N("q3")], ("perm", new long[] { 0, 2, 1, 3 }))
            .Node("Reshape", [N("q3"), "q_groups"], [N("q")]);
        foreach (var kind in new[] { "k", "v" })
        {
            g.Node("MatMul", [h, $"l{l}.w{kind}"], [N(kind + "0")]).Node("Add", [N(kind + "0"), $"l{l}.b{kind}"], [N(kind + "1")])
                .Node("Reshape", [N(kind + "1"), "kv_shape"], [N(kind + "2")]).Node("Transpose", [N(kind + "2")], [N(kind + "3")], ("perm", new long[] { 0, 2, 1, 3 }))
                .Node("Concat", [$"past_key_values.{l}.{(kind == "k" ? "key" : "value")}", N(kind + "3")], [$"present.{l}.{(kind == "k" ? "key" : "value")}"], ("axis", 2L))
                .Node("Unsqueeze", [$"present.{l}.{(kind == "k" ? "key" : "value")}", "axes2"], [N(kind + "_g")]);
        }

        g.Node("Transpose", [N("k_g")], [N("k_t")], ("perm", new long[] { 0, 1, 2, 4, 3 }))
            .Node("MatMul", [N("q"), N("k_t")], [N("s0")]).Node("Mul", [N("s0"), "scale"], [N("s1")])
            .Node("Add", [N("s1"), "attention_bias"], [N("s2")]).Node("Softmax", [N("s2")], [N("p")], ("axis", -1L))
            .Node("MatMul", [N("p"), N("v_g")], [N("c0")]).Node("Reshape", [N("c0"), "heads_back"], [N("c1")])
            .Node("Transpose", [N("c1")], [N("c2")], ("perm", new long[] { 0, 2, 1, 3 })).Node("Reshape", [N("c2"), "merged"], [N("c3")])
            .Node("MatMul", [N("c3"), $"l{l}.wo"], [N("o")]).Node("Add", [x, N("o")], [N("x1")]);
        var h2 = RmsNorm(g, N("x1"), $"l{l}.norm2", N("n2"));
        g.Node("MatMul", [h2, $"l{l}.wg"], [N("gate")]).Node("Sigmoid", [N("gate")], [N("gate_sig")])
            .Node("Mul", [N("gate"), N("gate_sig")], [N("silu")]).Node("MatMul", [h2, $"l{l}.wu"], [N("up")])
            .Node("Mul", [N("silu"), N("up")], [N("act")]).Node("MatMul", [N("act"), $"l{l}.wd"], [N("down")])
            .Node("Add", [N("x1"), N("down")], [N("out")]);
        return N("out");
    }

    private static string RmsNorm(OnnxGraphBuilder g, string x, string weight, string name)
    {
        g.Node("Mul", [x, x], [name + "_sq"]).Node("ReduceMean", [name + "_sq"], [name + "_ms"], ("axes", new long[] { -1 }), ("keepdims", 1L))
            .Node("Add", [name + "_ms", "eps"], [name + "_mse"]).Node("Sqrt", [name + "_mse"], [name + "_rms"])
            .Node("Div", [x, name + "_rms"], [name + "_unit"]).Node("Mul", [name + "_unit", weight], [name + "_out"]);
        return name + "_out";
    }

    private static void External(OnnxGraphBuilder g, WeightFile weights, string name)
    {
        var (offset, length, dims) = weights.Tensors[name];
        g.ExternalInitializer(name, F32, weights.FileName, offset, length, dims);
    }

    private static void WriteConfigs(string directory, string onnx, BenchShape shape)
    {
        File.WriteAllText(Path.Combine(directory, "config.json"), new JsonObject
        {
            ["_name_or_path"] = "bench/qwen2-0.5b-shaped-random",
            ["model_type"] = "llava",
            ["image_token_index"] = 151646,
            ["eos_token_id"] = shape.EosId,
            ["pad_token_id"] = shape.PadId,
            ["text_config"] = new JsonObject { ["model_type"] = "qwen2", ["num_hidden_layers"] = shape.Layers },
        }.ToJsonString());
        // llava-hf/llava-interleave-qwen-0.5b-hf's published template (the Qwen2-0.5B LLaVA this model is shaped as).
        File.WriteAllText(Path.Combine(directory, "chat_template.json"), new JsonObject { ["chat_template"] = InterleaveChatTemplate }.ToJsonString());
        File.WriteAllText(Path.Combine(directory, "preprocessor_config.json"), """{"size":{"height":384,"width":384},"image_mean":[0.5,0.5,0.5],"image_std":[0.5,0.5,0.5]}""");
        File.WriteAllText(Path.Combine(onnx, "genai_config.json"), new JsonObject
        {
            ["model"] = new JsonObject
            {
                ["bos_token_id"] = shape.PadId,
                ["context_length"] = 4096,
                ["decoder"] = new JsonObject
                {
                    ["session_options"] = new JsonObject { ["log_id"] = "onnxruntime-genai", ["provider_options"] = new JsonArray() },
                    ["filename"] = "decoder_text_only.onnx",
                    ["head_size"] = shape.HeadSize,
                    ["hidden_size"] = shape.Hidden,
                    ["inputs"] = new JsonObject
                    {
                        ["input_ids"] = "input_ids", ["attention_mask"] = "attention_mask", ["position_ids"] = "position_ids",
                        ["past_key_names"] = "past_key_values.%d.key", ["past_value_names"] = "past_key_values.%d.value",
                    },
                    ["outputs"] = new JsonObject
                    {
                        ["logits"] = "logits", ["present_key_names"] = "present.%d.key", ["present_value_names"] = "present.%d.value",
                    },
                    ["num_attention_heads"] = shape.Heads,
                    ["num_hidden_layers"] = shape.Layers,
                    ["num_key_value_heads"] = shape.KvHeads,
                },
                ["eos_token_id"] = shape.EosId,
                ["pad_token_id"] = shape.PadId,
                ["type"] = "qwen2",
                ["vocab_size"] = shape.Vocabulary,
            },
            ["search"] = new JsonObject
            {
                ["do_sample"] = false, ["max_length"] = 4096, ["min_length"] = 0, ["num_beams"] = 1, ["num_return_sequences"] = 1,
                ["past_present_share_buffer"] = false, ["repetition_penalty"] = 1.0, ["temperature"] = 1.0, ["top_k"] = 1, ["top_p"] = 1.0,
            },
        }.ToJsonString());
    }
}
