using DataForge.ShapeWorld.Captioning;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace DataForge.ShapeWorld.TextEncoder;

/// <summary>
/// A tiny bidirectional transformer encoder in T5's place: token embedding plus a learned-style position table, pre-norm
/// layers (the captioner's <see cref="CaptionerBlock"/>, here with a padding bias instead of a causal one), a final
/// LayerNorm. Its weights are drawn once from a seed and frozen: what the DiT needs from the text encoder is a fixed,
/// injective, order-aware map from captions to features, which a seeded network gives without training.
/// </summary>
public sealed class ShapeTextEncoderModel : Module<Tensor, Tensor, Tensor>
{
#pragma warning disable IDE1006 // State-dict names.
    private readonly Embedding embed_tokens;
    private readonly Embedding embed_positions;
    private readonly ModuleList<CaptionerBlock> layers;
    private readonly LayerNorm final_norm;
#pragma warning restore IDE1006

    /// <summary>Creates the encoder with weights drawn from torch's generator (seed it first).</summary>
    /// <param name="config">The network shape.</param>
    public ShapeTextEncoderModel(TextEncoderConfig config)
        : base(nameof(ShapeTextEncoderModel))
    {
        ArgumentNullException.ThrowIfNull(config);
        Config = config;
        embed_tokens = Embedding(config.VocabularySize, config.Dim);
        embed_positions = Embedding(config.MaxPositions, config.Dim);
        using (no_grad())
        {
            // Positions at half the tokens' scale: order matters, but the word must dominate its feature.
            embed_positions.weight!.mul_(0.5);
        }

        var block = new CaptionerConfig { ModelDim = config.Dim, Heads = config.Heads, FeedForwardDim = config.FeedForwardDim };
        layers = new ModuleList<CaptionerBlock>([.. Enumerable.Range(0, config.Layers).Select(_ => new CaptionerBlock(block))]);
        final_norm = LayerNorm(config.Dim);
        RegisterComponents();
        eval();
        foreach (var p in parameters())
        {
            p.requires_grad = false;
        }
    }

    /// <summary>Gets the network shape.</summary>
    public TextEncoderConfig Config { get; }

    /// <summary>Gets the token table.</summary>
    internal Embedding TokenEmbedding => embed_tokens;

    /// <summary>Gets the position table.</summary>
    internal Embedding PositionEmbedding => embed_positions;

    /// <summary>Gets the layers.</summary>
    internal IList<CaptionerBlock> Layers => layers;

    /// <summary>Gets the final norm.</summary>
    internal LayerNorm FinalNorm => final_norm;

    /// <summary>Encodes token ids.</summary>
    /// <param name="ids">(B, L) int64.</param>
    /// <param name="mask">(B, L) int64, 1 for real tokens; padded keys are not attended to.</param>
    /// <returns>(B, L, D) last hidden state.</returns>
    public override Tensor forward(Tensor ids, Tensor mask)
    {
        ArgumentNullException.ThrowIfNull(ids);
        ArgumentNullException.ThrowIfNull(mask);
        using var scope = NewDisposeScope();
        var positions = arange(ids.shape[1], dtype: ScalarType.Int64);
        var x = embed_tokens.forward(ids) + embed_positions.forward(positions);
        var bias = ((mask.to(ScalarType.Float32) - 1) * 1e9f).unsqueeze(1).unsqueeze(1); // (B, 1, 1, L)
        foreach (var layer in layers)
        {
            x = layer.forward(x, bias);
        }

        return final_norm.forward(x).MoveToOuterDisposeScope();
    }
}
