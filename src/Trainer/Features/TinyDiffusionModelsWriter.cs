using System.Text.Json;
using DataForge.Core.Onnx;
using Onnx;

namespace DataForge.Trainer.Features;

/// <summary>
/// Writes a tiny diffusion model folder in the Optimum layout, with the real tensor names, for tests and the demo:
/// a VAE encoder (8×8 average pooling and a 1×1 mix of RGB into 4 latent channels, fixed small log-variance), a VAE
/// decoder (the inverse mix, nearest 8× upsampling), and a "T5" encoder (a seeded embedding table, masked) with a
/// word-level <c>tokenizer.json</c> that appends <c>&lt;/s&gt;</c> as T5's does. Deterministic for a seed.
/// </summary>
public static class TinyDiffusionModelsWriter
{
    private static readonly string[] Words =
    [
        "a", "an", "the", "and", "with", "of", "on", "in", "over", "under", "near", "at", "by", "two", "three",
        "red", "green", "blue", "yellow", "white", "black", "brown", "gray", "orange", "purple", "dark", "bright", "small", "large", "calm",
        "sky", "sun", "moon", "cloud", "clouds", "sea", "water", "boat", "boats", "house", "houses", "tree", "trees", "field", "grass",
        "mountain", "mountains", "hill", "road", "shore", "rocky", "sunset", "night", "day", "landscape", "painting", "picture", "photo", "city",
        "dog", "cat", "person", "table", "apple", "wooden", "kitchen", "window", "light", "shadow", "style", "detailed", "image", ".", ",",
    ];

    /// <summary>Writes the folder.</summary>
    /// <param name="directory">Destination (created).</param>
    /// <param name="captionChannels">T5 feature width (the DiT's caption channels).</param>
    /// <param name="seed">Embedding seed.</param>
    /// <returns>The folder as a <see cref="DiffusionModelDirectory"/>.</returns>
    public static DiffusionModelDirectory Write(string directory, int captionChannels = 32, int seed = 3)
    {
        var models = new DiffusionModelDirectory(Path.GetFullPath(directory));
        foreach (var part in new[] { "vae_encoder", "vae_decoder", "text_encoder", "tokenizer" })
        {
            Directory.CreateDirectory(Path.Combine(models.Root, part));
        }

        // Mean channels: 2·R, 2·G, 2·B, 2·(R+G+B)/3; log-variance channels: −6 (std ≈ 0.05).
        float[] mix =
        [
            2, 0, 0, 0, 2, 0, 0, 0, 2, 2f / 3, 2f / 3, 2f / 3,
            0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        ];
        new OnnxGraphBuilder("tiny_vae_encoder")
            .Input("sample", TensorProto.Types.DataType.Float, "batch", 3, "height", "width")
            .Initializer("mix", mix, 8, 3, 1, 1)
            .Initializer("bias", [0f, 0, 0, 0, -6, -6, -6, -6], 8)
            .Node("AveragePool", ["sample"], ["pooled"], ("kernel_shape", new long[] { 8, 8 }), ("strides", new long[] { 8, 8 }))
            .Node("Conv", ["pooled", "mix", "bias"], ["latent_parameters"])
            .Output("latent_parameters", TensorProto.Types.DataType.Float, "batch", 8, "latent_height", "latent_width")
            .Save(models.VaeEncoder);

        new OnnxGraphBuilder("tiny_vae_decoder")
            .Input("latent_sample", TensorProto.Types.DataType.Float, "batch", 4, "latent_height", "latent_width")
            .Initializer("unmix", [0.5f, 0, 0, 0, 0, 0.5f, 0, 0, 0, 0, 0.5f, 0], 3, 4, 1, 1)
            .Initializer("scales", [1f, 1f, 8f, 8f], 4)
            .Node("Conv", ["latent_sample", "unmix"], ["rgb"])
            .Node("Resize", ["rgb", "", "scales"], ["upsampled"], ("mode", "nearest"))
            .Node("Clip", ["upsampled", "low", "high"], ["sample"])
            .Initializer("low", [-1f])
            .Initializer("high", [1f])
            .Output("sample", TensorProto.Types.DataType.Float, "batch", 3, "height", "width")
            .Save(models.VaeDecoder);

        var vocabulary = new List<string> { "<pad>", "</s>", "<unk>" };
        vocabulary.AddRange(Words);
        var random = new Random(seed);
        var table = new float[vocabulary.Count * captionChannels];
        for (var i = 0; i < table.Length; i++)
        {
            table[i] = (float)(random.NextDouble() * 2 - 1);
        }

        new OnnxGraphBuilder("tiny_t5_encoder")
            .Input("input_ids", TensorProto.Types.DataType.Int64, "batch", "sequence")
            .Input("attention_mask", TensorProto.Types.DataType.Int64, "batch", "sequence")
            .Initializer("embedding", table, vocabulary.Count, captionChannels)
            .Initializer("axes", [2L], 1)
            .Node("Gather", ["embedding", "input_ids"], ["embedded"])
            .Node("Cast", ["attention_mask"], ["mask_float"], ("to", (long)TensorProto.Types.DataType.Float))
            .Node("Unsqueeze", ["mask_float", "axes"], ["mask3"])
            .Node("Mul", ["embedded", "mask3"], ["last_hidden_state"])
            .Output("last_hidden_state", TensorProto.Types.DataType.Float, "batch", "sequence", captionChannels)
            .Save(models.TextEncoder);

        var tokenizer = WordLevelTokenizerJson.Build(vocabulary, specialCount: 3, unknownToken: "<unk>", prefix: [], suffix: ["</s>"]);
        File.WriteAllText(Path.Combine(models.Root, "tokenizer", "tokenizer.json"), tokenizer.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        return models;
    }
}
