using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace DataForge.ShapeWorld.Captioning;

/// <summary>
/// The vision tower and projector. A patchify stem (a <see cref="CaptionerConfig.PatchSize"/>-strided convolution as
/// wide as its stride) and a residual block of two 3×3 convolutions, then per halving down to the
/// <see cref="CaptionerConfig.GridSize"/>² grid a stride-2 3×3 convolution and another residual block, SiLU throughout.
/// With the defaults (64 px, patch 4, grid 8) a token sees 60 pixels, the whole shape around its cell; the residual
/// blocks run on the small maps only, which keeps a training step on two cores affordable. The grid is LayerNorm'ed (CLIP's post-norm), given a learned cell embedding (so a token knows where
/// it is) and passed through LLaVA's two-layer MLP projector into the decoder's width.
/// </summary>
public sealed class CaptionerVisionEncoder : Module<Tensor, Tensor>
{
#pragma warning disable IDE1006 // State-dict names.
    private readonly ModuleList<Conv2d> downs;
    private readonly ModuleList<Conv2d> res_a;
    private readonly ModuleList<Conv2d> res_b;
    private readonly LayerNorm post_norm;
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
        var down = new List<Conv2d>();
        var a = new List<Conv2d>();
        var b = new List<Conv2d>();
        var input = 3;
        foreach (var width in channels)
        {
            down.Add(input == 3 ? Conv2d(input, width, config.PatchSize, stride: config.PatchSize) : Conv2d(input, width, 3, stride: 2, padding: 1));
            a.Add(Conv2d(width, width, 3, padding: 1));
            b.Add(Conv2d(width, width, 3, padding: 1));
            input = width;
        }

        using (no_grad())
        {
            // A residual branch that starts at zero makes every block the identity at step 0, so the unnormalised
            // stack starts as deep as a plain strided CNN and grows its branches from there.
            foreach (var conv in b)
            {
                conv.weight!.zero_();
                conv.bias!.zero_();
            }
        }

        downs = new ModuleList<Conv2d>([.. down]);
        res_a = new ModuleList<Conv2d>([.. a]);
        res_b = new ModuleList<Conv2d>([.. b]);
        post_norm = LayerNorm(config.ModelDim);
        cell_embedding = new Parameter(randn(config.ImageTokens, config.ModelDim) * 0.02);
        proj1 = Linear(config.ModelDim, config.ModelDim);
        proj2 = Linear(config.ModelDim, config.ModelDim);
        RegisterComponents();
    }

    /// <summary>Gets the downsampling convolutions: the patchify stem, then the stride-2 ones.</summary>
    internal IList<Conv2d> Downsamples => downs;

    /// <summary>Gets each stage's first residual convolution.</summary>
    internal IList<Conv2d> ResidualFirst => res_a;

    /// <summary>Gets each stage's second residual convolution.</summary>
    internal IList<Conv2d> ResidualSecond => res_b;

    /// <summary>Gets the LayerNorm over the grid's channels.</summary>
    internal LayerNorm PostNorm => post_norm;

    /// <summary>Gets the per-cell embedding [tokens, dim].</summary>
    internal Parameter CellEmbedding => cell_embedding;

    /// <summary>Gets the projector's first layer.</summary>
    internal Linear Projector1 => proj1;

    /// <summary>Gets the projector's second layer.</summary>
    internal Linear Projector2 => proj2;

    /// <summary>Encodes normalised images.</summary>
    /// <param name="input">[batch, 3, size, size] pixel values as the Captioner's preprocessing produces them.</param>
    /// <returns>[batch, tokens, dim] image features.</returns>
    public override Tensor forward(Tensor input) => Project(Cells(input));

    /// <summary>The normalised grid features, before the cell embedding and projector (what the training-only cell head reads).</summary>
    /// <param name="input">[batch, 3, size, size] pixel values.</param>
    /// <returns>[batch, tokens, dim] cell features.</returns>
    public Tensor Cells(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        using var scope = NewDisposeScope();
        var x = input;
        for (var i = 0; i < downs.Count; i++)
        {
            x = functional.silu(downs[i].forward(x));
            x = CaptionerTorch.Sum(x, res_b[i].forward(functional.silu(res_a[i].forward(x))));
        }

        return post_norm.forward(x.flatten(2).transpose(1, 2)).MoveToOuterDisposeScope(); // (B, N, D)
    }

    /// <summary>Adds the cell embedding and projects into the decoder's width.</summary>
    /// <param name="cells">[batch, tokens, dim] from <see cref="Cells"/>.</param>
    /// <returns>[batch, tokens, dim] image features.</returns>
    public Tensor Project(Tensor cells)
    {
        ArgumentNullException.ThrowIfNull(cells);
        using var scope = NewDisposeScope();
        return proj2.forward(functional.silu(proj1.forward(CaptionerTorch.Sum(cells, cell_embedding)))).MoveToOuterDisposeScope();
    }
}
