using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace DataForge.Trainer.Model;

/// <summary>
/// <c>T2IFinalLayer</c>: its own 2×D <c>scale_shift_table</c> added to the timestep embedding (no SiLU, no
/// <c>t_block</c>), modulated LayerNorm, then a zero-initialised Linear(D, p·p·out).
/// </summary>
public sealed class FinalLayer : Module<Tensor, Tensor, Tensor>
{
#pragma warning disable IDE1006 // PyTorch parameter names.
    private readonly LayerNorm norm_final;
    private readonly Linear linear;
    private readonly Parameter scale_shift_table;
#pragma warning restore IDE1006

    /// <summary>Creates the layer.</summary>
    /// <param name="config">Model configuration.</param>
    /// <param name="device">Where parameters live.</param>
    public FinalLayer(PixArtConfig config, Device? device = null)
        : base(nameof(FinalLayer))
    {
        ArgumentNullException.ThrowIfNull(config);
        norm_final = LayerNorm(config.HiddenSize, eps: 1e-6, elementwise_affine: false, device: device);
        linear = Linear(config.HiddenSize, config.PatchSize * config.PatchSize * config.OutChannels, device: device);
        scale_shift_table = new Parameter(randn(2, config.HiddenSize, device: device) / Math.Sqrt(config.HiddenSize));
        RegisterComponents();
    }

    /// <summary>Gets the output linear (zero-initialised).</summary>
    internal Linear Linear => linear;

    /// <inheritdoc />
    public override Tensor forward(Tensor x, Tensor t)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(t);
        using var scope = NewDisposeScope();
        var m = (scale_shift_table.unsqueeze(0) + t.unsqueeze(1)).chunk(2, dim: 1); // shift, scale: (B, 1, D)
        return linear.forward((norm_final.forward(x) * (1 + m[1])) + m[0]).MoveToOuterDisposeScope();
    }
}
