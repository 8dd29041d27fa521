using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace DataForge.Trainer.Model;

/// <summary>
/// <c>MultiHeadCrossAttention</c>: image tokens query the projected caption tokens. The official code packs the
/// valid text tokens with a block-diagonal mask; a key-padding mask over the padded batch is the same computation.
/// The output projection is zero-initialised, so at initialisation the layer adds nothing.
/// </summary>
public sealed class CrossAttention : Module<Tensor, Tensor, Tensor?, Tensor>
{
#pragma warning disable IDE1006 // PyTorch parameter names.
    private readonly Linear q_linear;
    private readonly Linear kv_linear;
    private readonly Linear proj;
#pragma warning restore IDE1006
    private readonly int _heads;

    /// <summary>Creates the layer.</summary>
    /// <param name="dim">Width D.</param>
    /// <param name="heads">Head count.</param>
    /// <param name="device">Where parameters live.</param>
    public CrossAttention(int dim, int heads, Device? device = null)
        : base(nameof(CrossAttention))
    {
        _heads = heads;
        q_linear = Linear(dim, dim, device: device);
        kv_linear = Linear(dim, dim * 2, device: device);
        proj = Linear(dim, dim, device: device);
        RegisterComponents();
    }

    /// <summary>Gets the output projection (zero-initialised).</summary>
    internal Linear Proj => proj;

    /// <summary>Attends from image tokens to caption tokens.</summary>
    /// <param name="x">Image tokens (B, N, D).</param>
    /// <param name="cond">Caption tokens (B, L, D).</param>
    /// <param name="mask">Valid-token mask (B, L), non-zero where a token is real; null attends to all.</param>
    /// <returns>(B, N, D).</returns>
    public override Tensor forward(Tensor x, Tensor cond, Tensor? mask)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(cond);
        using var scope = NewDisposeScope();
        var (b, n, d) = (x.shape[0], x.shape[1], x.shape[2]);
        var l = cond.shape[1];
        var hd = d / _heads;
        var q = q_linear.forward(x).reshape(b, n, _heads, hd).transpose(1, 2); // (B, H, N, hd)
        var kv = kv_linear.forward(cond).reshape(b, l, 2, _heads, hd).permute(2, 0, 3, 1, 4); // (2, B, H, L, hd)
        var keyMask = mask is null ? null : mask.to_type(ScalarType.Bool).reshape(b, 1, 1, l); // True = attend
        var attended = functional.scaled_dot_product_attention(q, kv[0], kv[1], keyMask);
        return proj.forward(attended.transpose(1, 2).reshape(b, n, d)).MoveToOuterDisposeScope();
    }
}
