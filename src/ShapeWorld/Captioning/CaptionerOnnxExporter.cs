using DataForge.Core.Onnx;
using Onnx;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DataForge.ShapeWorld.Captioning;

/// <summary>
/// Exports a trained <see cref="ShapeCaptionerModel"/> to the onnx-community three-session layout the Captioner loads:
/// <c>onnx/vision_encoder.onnx</c> (pixels → image features), <c>onnx/embed_tokens.onnx</c> (ids → embeddings),
/// <c>onnx/decoder_model_merged.onnx</c> (merged embeddings, attention mask, positions and a KV cache → logits and the
/// grown cache), plus the LLaVA config, preprocessor, tokenizer, generation and chat-template files. float32 weights,
/// so the graphs compute what the TorchSharp model computes.
/// </summary>
public static partial class CaptionerOnnxExporter
{
    /// <summary>The id recorded in <c>config.json</c>.</summary>
    public const string ModelId = "dataforge/shapeworld-captioner";

    private const float LayerNormEpsilon = 1e-5f;
    private static readonly TensorProto.Types.DataType F32 = TensorProto.Types.DataType.Float;
    private static readonly TensorProto.Types.DataType I64 = TensorProto.Types.DataType.Int64;

    /// <summary>Writes the model folder (files replaced, the folder created if missing).</summary>
    /// <param name="model">The trained model.</param>
    /// <param name="vocabulary">Its vocabulary.</param>
    /// <param name="directory">Destination.</param>
    /// <returns>The folder's full path.</returns>
    public static string Export(ShapeCaptionerModel model, CaptionVocabulary vocabulary, string directory)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(vocabulary);
        var config = model.Config;
        if (vocabulary.Count != config.VocabularySize)
        {
            throw new ArgumentException($"the vocabulary has {vocabulary.Count} words but the model {config.VocabularySize}", nameof(vocabulary));
        }

        var onnx = Path.Combine(directory, "onnx");
        Directory.CreateDirectory(onnx);
        // The transposed and detached weight views are temporaries; the scope frees them.
        using (NewDisposeScope())
        using (no_grad())
        {
            VisionGraph(model).Save(Path.Combine(onnx, "vision_encoder.onnx"));
            new OnnxGraphBuilder("shapeworld_embed_tokens")
                .Input("input_ids", I64, "batch_size", "sequence_length")
                .Output("inputs_embeds", F32, "batch_size", "sequence_length", config.ModelDim)
                .Initializer("embed_table", Values(model.TokenEmbedding.weight!), config.VocabularySize, config.ModelDim)
                .Node("Gather", ["embed_table", "input_ids"], ["inputs_embeds"], ("axis", 0L))
                .Save(Path.Combine(onnx, "embed_tokens.onnx"));
            DecoderGraph(model).Save(Path.Combine(onnx, "decoder_model_merged.onnx"));
        }

        LlavaConfigFiles.Write(directory, ModelId, vocabulary.Words, config.ImageSize, config.ImageSize / config.GridSize, config.Layers,
            config.MaxPositions, CaptionerPixels.Mean, CaptionerPixels.Std);
        return Path.GetFullPath(directory);
    }

    private static OnnxGraphBuilder VisionGraph(ShapeCaptionerModel model)
    {
        var config = model.Config;
        var vision = model.Vision;
        var g = new OnnxGraphBuilder("shapeworld_vision_encoder")
            .Input("pixel_values", F32, "batch_size", 3, config.ImageSize, config.ImageSize)
            .Output("image_features", F32, "batch_size", config.ImageTokens, config.ModelDim);
        var x = "pixel_values";
        for (var i = 0; i < vision.Downsamples.Count; i++)
        {
            x = Silu(g, Conv(g, $"down{i}", x, vision.Downsamples[i]));
            var branch = Conv(g, $"res{i}b", Silu(g, Conv(g, $"res{i}a", x, vision.ResidualFirst[i])), vision.ResidualSecond[i]);
            g.Node("Add", [x, branch], [$"stage{i}"]);
            x = $"stage{i}";
        }

        g.Initializer("grid_shape", [0L, config.ModelDim, -1L], 3)
            .Initializer("cell_embedding", Values(vision.CellEmbedding), config.ImageTokens, config.ModelDim)
            .Node("Reshape", [x, "grid_shape"], ["grid_flat"])
            .Node("Transpose", ["grid_flat"], ["cells"], ("perm", new long[] { 0, 2, 1 }))
            .Node("Add", [Norm(g, "post_norm", "cells", vision.PostNorm), "cell_embedding"], ["tokens"]);
        var hidden = Silu(g, Dense(g, "proj1", "tokens", vision.Projector1));
        g.Node("Identity", [Dense(g, "proj2", hidden, vision.Projector2)], ["image_features"]);
        return g;
    }

    /// <summary>Adds a convolution with bias: the stem's unpadded patchify one, or a padded 3×3 one.</summary>
    private static string Conv(OnnxGraphBuilder g, string name, string x, Conv2d conv)
    {
        var w = conv.weight!;
        var kernel = w.shape[2];
        var stride = conv.stride[0];
        var pad = conv.padding?[0] ?? 0;
        g.Initializer(name + "_w", Values(w), w.shape)
            .Initializer(name + "_b", Values(conv.bias!), conv.bias!.shape)
            .Node("Conv", [x, name + "_w", name + "_b"], [name], ("kernel_shape", new long[] { kernel, kernel }),
                ("pads", new long[] { pad, pad, pad, pad }), ("strides", new long[] { stride, stride }));
        return name;
    }

    /// <summary>Adds x·Wᵀ (+ b) for a TorchSharp Linear.</summary>
    internal static string Dense(OnnxGraphBuilder g, string name, string x, Linear linear)
    {
        var w = linear.weight!;
        g.Initializer(name + "_wt", Values(w.t()), w.shape[1], w.shape[0]).Node("MatMul", [x, name + "_wt"], [name + "_mm"]);
        if (linear.bias is null)
        {
            return name + "_mm";
        }

        g.Initializer(name + "_b", Values(linear.bias), w.shape[0]).Node("Add", [name + "_mm", name + "_b"], [name]);
        return name;
    }

    internal static string Silu(OnnxGraphBuilder g, string x)
    {
        g.Node("Sigmoid", [x], [x + "_sig"]).Node("Mul", [x, x + "_sig"], [x + "_silu"]);
        return x + "_silu";
    }

    internal static string Norm(OnnxGraphBuilder g, string name, string x, LayerNorm norm)
    {
        g.Initializer(name + "_w", Values(norm.weight!), norm.weight!.shape)
            .Initializer(name + "_b", Values(norm.bias!), norm.bias!.shape)
            .Node("LayerNormalization", [x, name + "_w", name + "_b"], [name], ("axis", -1L), ("epsilon", LayerNormEpsilon));
        return name;
    }

    internal static float[] Values(Tensor t)
    {
        using var contiguous = t.detach().contiguous().to(ScalarType.Float32);
        return contiguous.data<float>().ToArray();
    }
}
