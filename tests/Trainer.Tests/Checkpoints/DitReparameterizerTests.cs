using System.Collections;
using DataForge.Core.Errors;
using DataForge.TestUtils;
using DataForge.Trainer.Checkpoints;
using DataForge.Trainer.Model;
using DataForge.Trainer.Runtime;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace DataForge.Trainer.Tests.Checkpoints;

public sealed class DitReparameterizerTests
{
    private const int D = 96;
    private const int Depth = 2;

    public DitReparameterizerTests() => TorchRuntime.EnsureLoaded();

    // A class-conditional DiT state dict with DiT's key names and shapes (10 classes + the CFG null row).
    private static Dictionary<string, Tensor> DitStateDict()
    {
        manual_seed(77);
        var sd = new Dictionary<string, Tensor>
        {
            ["x_embedder.proj.weight"] = randn(D, 4, 2, 2), ["x_embedder.proj.bias"] = randn(D),
            ["t_embedder.mlp.0.weight"] = randn(D, 256) * 0.05, ["t_embedder.mlp.0.bias"] = randn(D) * 0.05,
            ["t_embedder.mlp.2.weight"] = randn(D, D) * 0.05, ["t_embedder.mlp.2.bias"] = randn(D) * 0.05,
            ["y_embedder.embedding_table.weight"] = randn(11, D),
            ["pos_embed"] = randn(1, 16, D),
            ["final_layer.linear.weight"] = randn(32, D), ["final_layer.linear.bias"] = randn(32),
            ["final_layer.adaLN_modulation.1.weight"] = randn(2 * D, D) * 0.05, ["final_layer.adaLN_modulation.1.bias"] = randn(2 * D) * 0.05,
        };
        for (var i = 0; i < Depth; i++)
        {
            sd[$"blocks.{i}.attn.qkv.weight"] = randn(3 * D, D);
            sd[$"blocks.{i}.attn.qkv.bias"] = randn(3 * D);
            sd[$"blocks.{i}.attn.proj.weight"] = randn(D, D);
            sd[$"blocks.{i}.attn.proj.bias"] = randn(D);
            sd[$"blocks.{i}.mlp.fc1.weight"] = randn(4 * D, D);
            sd[$"blocks.{i}.mlp.fc1.bias"] = randn(4 * D);
            sd[$"blocks.{i}.mlp.fc2.weight"] = randn(D, 4 * D);
            sd[$"blocks.{i}.mlp.fc2.bias"] = randn(D);
            sd[$"blocks.{i}.adaLN_modulation.1.weight"] = randn(6 * D, D) * 0.05;
            sd[$"blocks.{i}.adaLN_modulation.1.bias"] = randn(6 * D) * 0.05;
        }

        return sd;
    }

    // DiT's own conditioning, written out here: c = MLP(cat[cos, sin](t·f)) + null-class row.
    private static Tensor DitCondition(Dictionary<string, Tensor> sd, long t)
    {
        var freqs = exp(-Math.Log(10000) * arange(128, dtype: float32) / 128);
        var args = freqs * t;
        var sinusoid = cat([cos(args), sin(args)]).unsqueeze(0);
        var hidden = nn.functional.silu(nn.functional.linear(sinusoid, sd["t_embedder.mlp.0.weight"], sd["t_embedder.mlp.0.bias"]));
        var embedding = nn.functional.linear(hidden, sd["t_embedder.mlp.2.weight"], sd["t_embedder.mlp.2.bias"]);
        return embedding + sd["y_embedder.embedding_table.weight"][10].unsqueeze(0);
    }

    private static Tensor DitBlockModulation(Dictionary<string, Tensor> sd, int block, long t) =>
        nn.functional.linear(nn.functional.silu(DitCondition(sd, t)), sd[$"blocks.{block}.adaLN_modulation.1.weight"], sd[$"blocks.{block}.adaLN_modulation.1.bias"]).reshape(6, D);

    private static Tensor PixArtBlockModulation(PixArtDiT model, int block, long t)
    {
        var e = model.TimestepEmbedder.forward(tensor(new[] { t }));
        return model.Blocks[block].Modulation(model.TBlockLinear.forward(nn.functional.silu(e))).reshape(6, D);
    }

    [Theory]
    [InlineData(".pt")]
    [InlineData(".safetensors")]
    public void Convert_BlockAndFinalModulationsMatchDitAtT500(string extension)
    {
        using var scope = NewDisposeScope();
        using var dir = new TempDirectory();
        var sd = DitStateDict();
        var path = dir.Combine("dit" + extension);
        if (extension == ".pt")
        {
            PyTorchPickler.PickleStateDict(path, new Hashtable(sd));
        }
        else
        {
            Safetensors.SaveStateDict(path, sd);
        }

        using var model = DitReparameterizer.FromFile(path, PixArtConfig.Tiny with { CaptionChannels = 32 });
        using var noGrad = no_grad();
        for (var i = 0; i < Depth; i++)
        {
            Assert.True(PixArtBlockModulation(model, i, 500).allclose(DitBlockModulation(sd, i, 500), rtol: 1e-4, atol: 1e-5), $"block {i} at t = 500");
            Assert.False(PixArtBlockModulation(model, i, 100).allclose(DitBlockModulation(sd, i, 100), rtol: 1e-4, atol: 1e-5), "the identity is specific to t = 500");
        }

        var e = model.TimestepEmbedder.forward(tensor(new long[] { 500 }));
        var table = model.named_parameters().Single(p => p.name == "final_layer.scale_shift_table").parameter;
        var dit = nn.functional.linear(nn.functional.silu(DitCondition(sd, 500)), sd["final_layer.adaLN_modulation.1.weight"], sd["final_layer.adaLN_modulation.1.bias"]).reshape(2, D);
        Assert.True((table + e).allclose(dit, rtol: 1e-4, atol: 1e-5));

        var parameters = model.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        foreach (var name in new[] { "x_embedder.proj.weight", "blocks.1.attn.qkv.weight", "blocks.0.mlp.fc2.bias", "final_layer.linear.weight", "t_embedder.mlp.2.weight" })
        {
            Assert.Equal(0f, (parameters[name] - sd[name]).abs().max().item<float>());
        }

        Assert.Equal(0f, parameters["blocks.0.cross_attn.proj.weight"].abs().max().item<float>());
        Assert.DoesNotContain(parameters.Keys, k => k.Contains("adaLN_modulation", StringComparison.Ordinal) || k.Contains("embedding_table", StringComparison.Ordinal));
    }

    [Fact]
    public void Convert_MissingAdaLn_NamesTheKey()
    {
        using var scope = NewDisposeScope();
        var sd = DitStateDict();
        sd.Remove("blocks.1.adaLN_modulation.1.weight");
        var ex = Assert.Throws<DataForgeException>(() => DitReparameterizer.Convert(sd, PixArtConfig.Tiny with { CaptionChannels = 32 }));
        Assert.Contains("blocks.1.adaLN_modulation.1.weight", ex.Message, StringComparison.Ordinal);
    }
}
