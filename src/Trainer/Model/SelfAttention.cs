using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace DataForge.Trainer.Model;

/// <summary>timm <c>Attention</c>: fused qkv Linear(D, 3D) with bias, scaled dot-product attention, proj Linear(D, D).</summary>
public sealed class SelfAttention : Module<Tensor, Tensor>
{
#pragma warning disable IDE1006 // PyTorch parameter names.
    private readonly Linear qkv;
    private readonly Linear proj;
#pragma warning restore IDE1006
    private readonly int _heads;

    /// <summary>Creates the layer.</summary>
    /// <param name="dim">Width D.</param>
    /// <param name="heads">Head count.</param>
    /// <param name="device">Where parameters live.</param>
    public SelfAttention(int dim, int heads, Device? device = null)
        : base(nameof(SelfAttention))
    {
        _heads = heads;
        qkv = Linear(dim, dim * 3, device: device);
        proj = Linear(dim, dim, device: device);
        RegisterComponents();
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        using var scope = NewDisposeScope();
        var (b, n, d) = (input.shape[0], input.shape[1], input.shape[2]);
        var parts = qkv.forward(input).reshape(b, n, 3, _heads, d / _heads).permute(2, 0, 3, 1, 4); // (3, B, H, N, hd)
        var attended = functional.scaled_dot_product_attention(parts[0], parts[1], parts[2]); // (B, H, N, hd)
        return proj.forward(attended.transpose(1, 2).reshape(b, n, d)).MoveToOuterDisposeScope();
    }
}
