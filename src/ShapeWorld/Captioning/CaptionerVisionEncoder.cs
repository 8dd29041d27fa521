using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace DataForge.ShapeWorld.Captioning;

/// <summary>
/// The vision tower and projector: 3×3 convolutions with SiLU, stride 1 then stride 2 until the image is a
/// <see cref="CaptionerConfig.GridSize"/>² grid, one token per cell plus a learned cell embedding (so a token knows
/// where it is), then LLaVA's two-layer MLP projector into the decoder's width.
/// </summary>
public sealed class CaptionerVisionEncoder : Module<Tensor, Tensor>
{
#pragma warning disable IDE1006 // State-dict names.
    private readonly ModuleList<Conv2d> convs;
    private readonly Parameter cell_embedding;
    private readonly Linear proj1;
    private readonly Linear proj2;
#pragma warning restore IDE1006

    /// <summary>Creates the encoder.</summary>
    /// <param name="config">The network shape.</param>
    public CaptionerVisionEncoder(CaptionerConfig config)
        : base(nameof(CaptionerVisionEncoder))
    {
        ArgumentNullException.ThrowIfNull(config);
        var channels = config.ConvChannels();
        var layers = new List<Conv2d>();
        var input = 3;
        for (var i = 0; i < channels.Length; i++)
        {
            layers.Add(Conv2d(input, channels[i], 3, stride: i == 0 ? 1 : 2, padding: 1));
            input = channels[i];
        }

        convs = new ModuleList<Conv2d>([.. layers]);
        cell_embedding = new Parameter(randn(config.ImageTokens, config.ModelDim) * 0.02);
        proj1 = Linear(config.ModelDim, config.ModelDim);
        proj2 = Linear(config.ModelDim, config.ModelDim);
        RegisterComponents();
    }

    /// <summary>Gets the convolutions, full resolution first (stride 1, then stride 2).</summary>
    internal IList<Conv2d> Convolutions => convs;

    /// <summary>Gets the per-cell embedding [tokens, dim].</summary>
    internal Parameter CellEmbedding => cell_embedding;

    /// <summary>Gets the projector's first layer.</summary>
    internal Linear Projector1 => proj1;

    /// <summary>Gets the projector's second layer.</summary>
    internal Linear Projector2 => proj2;

    /// <summary>Encodes normalised images.</summary>
    /// <param name="input">[batch, 3, size, size] pixel values as the Captioner's preprocessing produces them.</param>
    /// <returns>[batch, tokens, dim] image features.</returns>
    public override Tensor forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        using var scope = NewDisposeScope();
        var x = input;
        for (var i = 0; i < convs.Count; i++)
        {
            x = convs[i].forward(x);
            if (i < convs.Count - 1)
            {
                x = functional.silu(x);
            }
        }

        var tokens = CaptionerTorch.Sum(x.flatten(2).transpose(1, 2), cell_embedding); // (B, N, D)
        return proj2.forward(functional.silu(proj1.forward(tokens))).MoveToOuterDisposeScope();
    }
}
