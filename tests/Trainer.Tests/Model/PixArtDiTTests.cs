using DataForge.Trainer.Model;
using DataForge.Trainer.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace DataForge.Trainer.Tests.Model;

public sealed class PixArtDiTTests
{
    public PixArtDiTTests() => TorchRuntime.EnsureLoaded();

    public static TheoryData<string, long> FullConfigs => new()
    {
        // Counts from the architecture arithmetic in the PixArt-α notes (and the paper's 611M / 833M).
        { "XL2_256", 610_856_096 },
        { "XL2_512", 610_856_096 },
        { "XL2_1024MS", 611_349_152 },
        { "XL2_256_FullAdaLn", 833_809_568 },
    };

    [Theory]
    [MemberData(nameof(FullConfigs))]
    public void ParameterCount_FullConfigs_MatchPaper(string preset, long expected)
    {
        using var model = new PixArtDiT(PixArtConfig.Preset(preset), device("meta"));
        Assert.Equal(expected, model.parameters().Sum(p => p.numel()));
        // The null caption is a buffer (saved, never trained), as in the official code.
        var buffer = Assert.Single(model.named_buffers(), b => b.name == "y_embedder.y_embedding");
        Assert.Equal(120 * 4096, buffer.buffer.numel());
    }

    [Fact]
    public void ParameterNames_FollowOfficialCheckpoint()
    {
        using var model = new PixArtDiT(PixArtConfig.Tiny with { MicroConditions = true, HiddenSize = 96 });
        var names = model.named_parameters().Select(p => p.name).ToHashSet();
        foreach (var name in new[]
        {
            "x_embedder.proj.weight", "t_embedder.mlp.0.weight", "t_embedder.mlp.2.bias", "t_block.1.weight",
            "y_embedder.y_proj.fc1.weight", "y_embedder.y_proj.fc2.bias", "blocks.0.attn.qkv.weight", "blocks.0.attn.proj.bias",
            "blocks.1.cross_attn.q_linear.weight", "blocks.1.cross_attn.kv_linear.weight", "blocks.1.cross_attn.proj.weight",
            "blocks.1.mlp.fc1.weight", "blocks.1.mlp.fc2.weight", "blocks.0.scale_shift_table", "final_layer.linear.weight",
            "final_layer.scale_shift_table", "csize_embedder.mlp.0.weight", "ar_embedder.mlp.2.weight",
        })
        {
            Assert.Contains(name, names);
        }
    }

    [Fact]
    public void Forward_TinyNonSquareLatent_GivesEightChannelsAtInputSize()
    {
        manual_seed(0);
        using var model = new PixArtDiT(PixArtConfig.Tiny);
        using var scope = NewDisposeScope();
        var output = model.forward(randn(2, 4, 8, 12), tensor(new long[] { 10, 900 }), randn(2, 8, 32), ones(2, 8));
        Assert.Equal(new long[] { 2, 8, 8, 12 }, output.shape);
    }

    [Fact]
    public void ZeroInit_CrossAttentionChangesNothing_UntilItsProjectionIsTrained()
    {
        manual_seed(1);
        using var model = new PixArtDiT(PixArtConfig.Tiny);
        using var scope = NewDisposeScope();
        var block = model.Blocks[0];
        var x = randn(2, 16, 96);
        var t0 = randn(2, 6 * 96);
        var mask = ones(2, 8);
        var a = block.forward(x, randn(2, 8, 96), t0, mask);
        var b = block.forward(x, randn(2, 8, 96), t0, mask);
        Assert.True(a.allclose(b, rtol: 0, atol: 0), "two different captions must give identical outputs at init");

        using (no_grad())
        {
            model.named_parameters().Single(p => p.name == "blocks.0.cross_attn.proj.weight").parameter.normal_(0, 0.1);
        }

        var c = block.forward(x, randn(2, 8, 96), t0, mask);
        var d = block.forward(x, randn(2, 8, 96), t0, mask);
        Assert.False(c.allclose(d), "once the projection is non-zero the caption must matter");
    }

    [Fact]
    public void ZeroInit_FinalLayerOutputsZero()
    {
        using var model = new PixArtDiT(PixArtConfig.Tiny);
        using var scope = NewDisposeScope();
        var output = model.forward(randn(1, 4, 8, 8), tensor(new long[] { 500 }), randn(1, 8, 32), ones(1, 8));
        Assert.Equal(0f, output.abs().max().item<float>());
    }

    [Fact]
    public void CaptionMask_PaddedTokensDoNotAffectOutput()
    {
        manual_seed(2);
        using var model = new PixArtDiT(PixArtConfig.Tiny);
        using var scope = NewDisposeScope();
        using (no_grad())
        {
            foreach (var (name, parameter) in model.named_parameters().Where(p => p.name.Contains("proj.weight", StringComparison.Ordinal) || p.name.StartsWith("final_layer.linear", StringComparison.Ordinal)))
            {
                parameter.normal_(0, 0.1);
            }
        }

        var x = randn(1, 4, 8, 8);
        var t = tensor(new long[] { 123 });
        var y = randn(1, 8, 32);
        var mask = tensor(new float[] { 1, 1, 1, 0, 0, 0, 0, 0 }).reshape(1, 8);
        var baseline = model.forward(x, t, y, mask);

        var paddingChanged = y.clone();
        paddingChanged[.., 5..] = randn(1, 3, 32);
        Assert.True(model.forward(x, t, paddingChanged, mask).allclose(baseline, atol: 1e-6));

        var realChanged = y.clone();
        realChanged[.., 1] = randn(1, 32);
        Assert.False(model.forward(x, t, realChanged, mask).allclose(baseline, atol: 1e-6));
    }

    [Fact]
    public void DropMask_ReplacesCaptionWithNullCaption()
    {
        using var model = new PixArtDiT(PixArtConfig.Tiny);
        using var scope = NewDisposeScope();
        var captions = randn(2, 8, 32);
        var dropped = model.CaptionEmbedder.forward(captions, tensor(new[] { true, false }));
        var viaNull = model.CaptionEmbedder.forward(model.CaptionEmbedder.NullCaption.unsqueeze(0), null);
        var kept = model.CaptionEmbedder.forward(captions[1..2], null);
        Assert.True(dropped[0].allclose(viaNull[0], atol: 1e-6));
        Assert.True(dropped[1].allclose(kept[0], atol: 1e-6));
    }
}
