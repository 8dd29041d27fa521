using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace DataForge.ShapeWorld.Captioning;

/// <summary>
/// One pre-norm decoder layer: LayerNorm → multi-head causal self-attention (bias-free projections) → residual,
/// LayerNorm → SiLU MLP → residual. Written out by hand, not with a fused attention call, so the exported ONNX graph
/// computes the same operations in the same order.
/// </summary>
public sealed class CaptionerBlock : Module<Tensor, Tensor, Tensor>
{
#pragma warning disable IDE1006 // State-dict names.
    private readonly LayerNorm ln1;
    private readonly Linear q_proj;
    private readonly Linear k_proj;
    private readonly Linear v_proj;
    private readonly Linear o_proj;
    private readonly LayerNorm ln2;
    private readonly Linear fc1;
    private readonly Linear fc2;
#pragma warning restore IDE1006
    private readonly int _heads;

    /// <summary>Creates the layer.</summary>
    /// <param name="config">The network shape.</param>
    public CaptionerBlock(CaptionerConfig config)
        : base(nameof(CaptionerBlock))
    {
        ArgumentNullException.ThrowIfNull(config);
        var d = config.ModelDim;
        _heads = config.Heads;
        ln1 = LayerNorm(d);
        q_proj = Linear(d, d, hasBias: false);
        k_proj = Linear(d, d, hasBias: false);
        v_proj = Linear(d, d, hasBias: false);
        o_proj = Linear(d, d, hasBias: false);
        ln2 = LayerNorm(d);
        fc1 = Linear(d, config.FeedForwardDim);
        fc2 = Linear(config.FeedForwardDim, d);
        RegisterComponents();
    }

    /// <summary>Gets the weights by their export names.</summary>
    /// <returns>Name → module.</returns>
    internal (LayerNorm Ln1, Linear Q, Linear K, Linear V, Linear O, LayerNorm Ln2, Linear Fc1, Linear Fc2) Parts() =>
        (ln1, q_proj, k_proj, v_proj, o_proj, ln2, fc1, fc2);

    /// <summary>Runs the layer over a whole sequence.</summary>
    /// <param name="x">[batch, seq, dim].</param>
    /// <param name="bias">Additive attention bias broadcastable to [batch, heads, seq, seq] (0 allowed, -1e9 masked).</param>
    /// <returns>[batch, seq, dim].</returns>
    public override Tensor forward(Tensor x, Tensor bias)
    {
        ArgumentNullException.ThrowIfNull(x);
        using var scope = NewDisposeScope();
        var (b, n, d) = (x.shape[0], x.shape[1], x.shape[2]);
        var hd = d / _heads;
        var h = ln1.forward(x);
        var q = q_proj.forward(h).reshape(b, n, _heads, hd).transpose(1, 2); // (B, H, N, hd)
        var k = k_proj.forward(h).reshape(b, n, _heads, hd).transpose(1, 2);
        var v = v_proj.forward(h).reshape(b, n, _heads, hd).transpose(1, 2);
        var scores = CaptionerTorch.Sum(q.matmul(k.transpose(2, 3)) * (1.0 / Math.Sqrt(hd)), bias);
        var context = functional.softmax(scores, -1).matmul(v).transpose(1, 2).reshape(b, n, d);
        var attended = CaptionerTorch.Sum(x, o_proj.forward(context));
        var output = CaptionerTorch.Sum(attended, fc2.forward(functional.silu(fc1.forward(ln2.forward(attended)))));
        return output.MoveToOuterDisposeScope();
    }
}
