using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace DataForge.Trainer.Model;

/// <summary>
/// One PixArt block: <c>x += gate_msa·SelfAttn(modulate(LN(x)))</c>, then <c>x += CrossAttn(x, y)</c> (no norm, gate or
/// modulation), then <c>x += gate_mlp·MLP(modulate(LN(x)))</c>. Modulation comes from the shared <c>t_block</c>
/// output plus this block's <c>scale_shift_table</c> (adaLN-single), or from its own adaLN linear (full adaLN).
/// </summary>
public sealed class PixArtBlock : Module<Tensor, Tensor, Tensor, Tensor?, Tensor>
{
#pragma warning disable IDE1006 // PyTorch parameter names.
    private readonly LayerNorm norm1;
    private readonly SelfAttention attn;
    private readonly CrossAttention cross_attn;
    private readonly LayerNorm norm2;
    private readonly FeedForward mlp;
    private readonly Parameter? scale_shift_table;
    private readonly Sequential? adaLN_modulation;
#pragma warning restore IDE1006
    private readonly int _hidden;

    /// <summary>Creates the block.</summary>
    /// <param name="config">Model configuration.</param>
    /// <param name="device">Where parameters live.</param>
    public PixArtBlock(PixArtConfig config, Device? device = null)
        : base(nameof(PixArtBlock))
    {
        ArgumentNullException.ThrowIfNull(config);
        _hidden = config.HiddenSize;
        norm1 = LayerNorm(config.HiddenSize, eps: 1e-6, elementwise_affine: false, device: device);
        attn = new SelfAttention(config.HiddenSize, config.NumHeads, device);
        cross_attn = new CrossAttention(config.HiddenSize, config.NumHeads, device);
        norm2 = LayerNorm(config.HiddenSize, eps: 1e-6, elementwise_affine: false, device: device);
        mlp = new FeedForward(config.HiddenSize, (int)(config.HiddenSize * config.MlpRatio), config.HiddenSize, device);
        if (config.AdaLn == AdaLnMode.Single)
        {
            scale_shift_table = new Parameter(randn(6, config.HiddenSize, device: device) / Math.Sqrt(config.HiddenSize));
        }
        else
        {
            adaLN_modulation = Sequential(("0", SiLU()), ("1", Linear(config.HiddenSize, 6 * config.HiddenSize, device: device)));
        }

        RegisterComponents();
    }

    /// <summary>Gets the cross-attention layer.</summary>
    internal CrossAttention CrossAttention => cross_attn;

    /// <summary>Gets the per-block table (adaLN-single only).</summary>
    public Parameter? ScaleShiftTable => scale_shift_table;

    /// <summary>Gets the full-adaLN linear (full variant only).</summary>
    internal Linear? AdaLnLinear => adaLN_modulation?.children().OfType<Linear>().Single();

    /// <summary>Computes this block's six modulation vectors (B, 6, D) in the order shift/scale/gate × msa/mlp.</summary>
    /// <param name="t0">adaLN-single: the shared <c>t_block</c> output (B, 6D); full adaLN: the timestep embedding (B, D).</param>
    /// <returns>(B, 6, D).</returns>
    public Tensor Modulation(Tensor t0)
    {
        ArgumentNullException.ThrowIfNull(t0);
        var batch = t0.shape[0];
        if (scale_shift_table is not null)
        {
            using var reshaped = t0.reshape(batch, 6, _hidden);
            return scale_shift_table.unsqueeze(0) + reshaped;
        }

        using var projected = adaLN_modulation!.forward(t0);
        return projected.reshape(batch, 6, _hidden);
    }

    /// <summary>Runs the block.</summary>
    /// <param name="x">Image tokens (B, N, D).</param>
    /// <param name="y">Caption tokens (B, L, D).</param>
    /// <param name="t0">Modulation input, see <see cref="Modulation"/>.</param>
    /// <param name="mask">Caption mask (B, L) or null.</param>
    /// <returns>(B, N, D).</returns>
    public override Tensor forward(Tensor x, Tensor y, Tensor t0, Tensor? mask)
    {
        ArgumentNullException.ThrowIfNull(x);
        using var scope = NewDisposeScope();
        var m = Modulation(t0).chunk(6, dim: 1); // each (B, 1, D)
        var (shiftMsa, scaleMsa, gateMsa, shiftMlp, scaleMlp, gateMlp) = (m[0], m[1], m[2], m[3], m[4], m[5]);
        x = x + (gateMsa * attn.forward((norm1.forward(x) * (1 + scaleMsa)) + shiftMsa));
        x = x + cross_attn.forward(x, y, mask);
        x = x + (gateMlp * mlp.forward((norm2.forward(x) * (1 + scaleMlp)) + shiftMlp));
        return x.MoveToOuterDisposeScope();
    }
}
