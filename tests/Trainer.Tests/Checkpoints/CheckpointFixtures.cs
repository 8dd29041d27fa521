using DataForge.Trainer.Model;
using DataForge.Trainer.Training;
using static TorchSharp.torch;

namespace DataForge.Trainer.Tests.Checkpoints;

/// <summary>Tiny models, checkpoints and forward inputs for the checkpoint import/export tests.</summary>
internal static class CheckpointFixtures
{
    /// <summary>Tiny at 8×8 latents; heads 4, D 96, 2 blocks, 32 caption channels, 8 tokens.</summary>
    public static PixArtConfig Tiny => PixArtConfig.Tiny;

    /// <summary>
    /// The official PixArt-α state-dict keys of a 2-block model, written out from the official module tree
    /// (<c>PixArt</c>: x_embedder PatchEmbed, t_embedder, t_block, y_embedder CaptionEmbedder, blocks of
    /// <c>PixArtBlock</c> with timm Attention / MultiHeadCrossAttention / timm Mlp, T2IFinalLayer, pos_embed buffer),
    /// plus <c>csize_embedder</c>/<c>ar_embedder</c> for <c>PixArtMS</c>.
    /// </summary>
    public static SortedSet<string> OfficialKeys(int depth, bool ms)
    {
        var keys = new SortedSet<string>(StringComparer.Ordinal)
        {
            "pos_embed", "x_embedder.proj.weight", "x_embedder.proj.bias",
            "t_embedder.mlp.0.weight", "t_embedder.mlp.0.bias", "t_embedder.mlp.2.weight", "t_embedder.mlp.2.bias",
            "t_block.1.weight", "t_block.1.bias",
            "y_embedder.y_embedding", "y_embedder.y_proj.fc1.weight", "y_embedder.y_proj.fc1.bias", "y_embedder.y_proj.fc2.weight", "y_embedder.y_proj.fc2.bias",
            "final_layer.scale_shift_table", "final_layer.linear.weight", "final_layer.linear.bias",
        };
        for (var i = 0; i < depth; i++)
        {
            foreach (var leaf in new[] { "attn.qkv", "attn.proj", "cross_attn.q_linear", "cross_attn.kv_linear", "cross_attn.proj", "mlp.fc1", "mlp.fc2" })
            {
                keys.Add($"blocks.{i}.{leaf}.weight");
                keys.Add($"blocks.{i}.{leaf}.bias");
            }

            keys.Add($"blocks.{i}.scale_shift_table");
        }

        if (ms)
        {
            foreach (var embedder in new[] { "csize_embedder", "ar_embedder" })
            {
                foreach (var layer in new[] { "0", "2" })
                {
                    keys.Add($"{embedder}.mlp.{layer}.weight");
                    keys.Add($"{embedder}.mlp.{layer}.bias");
                }
            }
        }

        return keys;
    }

    /// <summary>A model whose every tensor is random (the official init zeroes several, which would hide mix-ups).</summary>
    public static PixArtDiT RandomModel(PixArtConfig config, long seed)
    {
        manual_seed(seed);
        var model = new PixArtDiT(config);
        using var noGrad = no_grad();
        foreach (var (_, tensor) in model.state_dict())
        {
            tensor.copy_(randn_like(tensor) * 0.2);
        }

        return model;
    }

    /// <summary>Writes a DataForge checkpoint of <paramref name="model"/> (EMA weights = <paramref name="ema"/>) into a run folder.</summary>
    public static string SaveRun(string runDirectory, PixArtDiT model, PixArtDiT ema)
    {
        using var optimizer = optim.AdamW(model.parameters(), 1e-3);
        return new CheckpointStore(runDirectory).Save(model, ema, optimizer, new TrainingState { Step = 1, Config = model.Config });
    }

    /// <summary>One forward pass on fixed inputs (micro-conditions when the config has them).</summary>
    public static Tensor Forward(PixArtDiT model)
    {
        var config = model.Config;
        var generator = new Generator(5);
        var x = randn([2, config.InChannels, config.InputSize, config.InputSize], generator: generator);
        var y = randn([2, config.ModelMaxLength, config.CaptionChannels], generator: generator);
        var mask = tensor(new float[] { 1, 1, 1, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 0, 0 }, [2, config.ModelMaxLength]);
        var t = tensor(new long[] { 10, 700 });
        Tensor? size = config.MicroConditions ? tensor(new float[] { 64, 64, 64, 48 }, [2, 2]) : null;
        Tensor? ratio = config.MicroConditions ? tensor(new float[] { 1, 0.75f }, [2, 1]) : null;
        model.eval();
        using var noGrad = no_grad();
        return model.forward(x, t, y, mask, size, ratio, tensor(new[] { false, true }));
    }

    /// <summary>Largest absolute difference between two state dicts with the same keys.</summary>
    public static float MaxDifference(IReadOnlyDictionary<string, Tensor> a, IReadOnlyDictionary<string, Tensor> b)
    {
        Assert.Equal(a.Keys.OrderBy(k => k, StringComparer.Ordinal), b.Keys.OrderBy(k => k, StringComparer.Ordinal));
        return a.Max(p => (p.Value - b[p.Key]).abs().max().item<float>());
    }
}
