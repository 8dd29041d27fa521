using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace DataForge.ShapeWorld.Captioning;

/// <summary>
/// The tiny LLaVA-layout captioner: <see cref="CaptionerVisionEncoder"/> features replace the image placeholder
/// embeddings, learned positions are added, <see cref="CaptionerBlock"/> layers run causally, and a final LayerNorm and
/// bias-free head give the next-word logits. The three exported graphs split it exactly at the points the Captioner
/// joins them (vision features, token embeddings, decoder from merged embeddings).
/// </summary>
public sealed class ShapeCaptionerModel : Module
{
#pragma warning disable IDE1006 // State-dict names.
    private readonly CaptionerVisionEncoder vision;
    private readonly Embedding embed_tokens;
    private readonly Embedding embed_positions;
    private readonly ModuleList<CaptionerBlock> layers;
    private readonly LayerNorm norm;
    private readonly Linear lm_head;
#pragma warning restore IDE1006

    /// <summary>Creates the model with freshly initialised weights (seed torch first for a reproducible start).</summary>
    /// <param name="config">The network shape.</param>
    public ShapeCaptionerModel(CaptionerConfig config)
        : base(nameof(ShapeCaptionerModel))
    {
        ArgumentNullException.ThrowIfNull(config);
        Config = config;
        vision = new CaptionerVisionEncoder(config);
        embed_tokens = Embedding(config.VocabularySize, config.ModelDim);
        embed_positions = Embedding(config.MaxPositions, config.ModelDim);
        layers = new ModuleList<CaptionerBlock>([.. Enumerable.Range(0, config.Layers).Select(_ => new CaptionerBlock(config))]);
        norm = LayerNorm(config.ModelDim);
        lm_head = Linear(config.ModelDim, config.VocabularySize, hasBias: false);
        using (no_grad())
        {
            // GPT-2's small-normal start; PyTorch's unit-normal embedding default swamps the image features.
            embed_tokens.weight!.normal_(0, 0.02);
            embed_positions.weight!.normal_(0, 0.02);
        }

        RegisterComponents();
    }

    /// <summary>Gets the network shape.</summary>
    public CaptionerConfig Config { get; }

    internal CaptionerVisionEncoder Vision => vision;

    internal Embedding TokenEmbedding => embed_tokens;

    internal Embedding PositionEmbedding => embed_positions;

    internal IList<CaptionerBlock> Layers => layers;

    internal LayerNorm FinalNorm => norm;

    internal Linear Head => lm_head;

    /// <summary>Computes logits for right-padded sequences whose image placeholders all start at one position.</summary>
    /// <param name="pixels">[batch, 3, size, size] normalised images.</param>
    /// <param name="ids">[batch, seq] token ids with <see cref="CaptionerConfig.ImageTokens"/> placeholders from <paramref name="imageStart"/>.</param>
    /// <param name="imageStart">Position of the first placeholder.</param>
    /// <param name="firstLogit">First position whose logits are wanted (earlier ones skip the head, which training does not need).</param>
    /// <returns>[batch, seq - firstLogit, vocabulary] logits.</returns>
    public Tensor Forward(Tensor pixels, Tensor ids, int imageStart, int firstLogit = 0)
    {
        ArgumentNullException.ThrowIfNull(pixels);
        using var scope = NewDisposeScope();
        return Decode(vision.forward(pixels), ids, imageStart, firstLogit).MoveToOuterDisposeScope();
    }

    /// <summary>Computes logits from image features already computed (training also reads the vision tower's cells).</summary>
    /// <param name="features">[batch, tokens, dim] from the vision encoder.</param>
    /// <param name="ids">[batch, seq] token ids with <see cref="CaptionerConfig.ImageTokens"/> placeholders from <paramref name="imageStart"/>.</param>
    /// <param name="imageStart">Position of the first placeholder.</param>
    /// <param name="firstLogit">First position whose logits are wanted.</param>
    /// <returns>[batch, seq - firstLogit, vocabulary] logits.</returns>
    internal Tensor Decode(Tensor features, Tensor ids, int imageStart, int firstLogit)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(ids);
        using var scope = NewDisposeScope();
        var n = ids.shape[1];
        var tokens = Config.ImageTokens;
        var embeds = embed_tokens.forward(ids);
        var merged = cat([embeds[.., ..imageStart], features, embeds[.., (imageStart + tokens)..]], 1);
        var x = CaptionerTorch.Sum(merged, embed_positions.forward(arange(n, dtype: ScalarType.Int64)));
        // Right padding needs no mask of its own: causal attention never lets a real token see a later pad.
        using var causal = ones(n, n, dtype: ScalarType.Bool).tril();
        var bias = CaptionerTorch.MaskOut(zeros(n, n), causal.logical_not());
        foreach (var layer in layers)
        {
            x = layer.forward(x, bias);
        }

        return lm_head.forward(norm.forward(x[.., firstLogit..])).MoveToOuterDisposeScope();
    }
}
