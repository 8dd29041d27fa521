using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace DataForge.Trainer.Model;

/// <summary>
/// PixArtMS micro-condition embedder (<c>csize_embedder</c>, <c>ar_embedder</c>): each scalar of a (B, n) input
/// gets its own 256-d sinusoid and the shared MLP, and the n embeddings are concatenated to (B, n·dim).
/// </summary>
public sealed class SizeEmbedder : Module<Tensor, Tensor>
{
#pragma warning disable IDE1006 // PyTorch parameter names.
    private readonly Sequential mlp;
#pragma warning restore IDE1006
    private readonly int _dim;

    /// <summary>Creates the embedder.</summary>
    /// <param name="dim">Width per scalar (D/3 in PixArtMS).</param>
    /// <param name="device">Where parameters live.</param>
    public SizeEmbedder(int dim, Device? device = null)
        : base(nameof(SizeEmbedder))
    {
        _dim = dim;
        mlp = Sequential(("0", Linear(TimestepEmbedder.FrequencyDim, dim, device: device)), ("1", SiLU()), ("2", Linear(dim, dim, device: device)));
        RegisterComponents();
    }

    /// <summary>Gets the two linear layers, for initialisation.</summary>
    internal IEnumerable<Linear> Linears => mlp.children().OfType<Linear>();

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        using var scope = NewDisposeScope();
        var batch = input.shape[0];
        var scalars = input.shape[1];
        var embedded = mlp.forward(SinusoidalEmbedding.Timestep(input.reshape(-1), TimestepEmbedder.FrequencyDim)); // (B·n, dim)
        return embedded.reshape(batch, scalars * _dim).MoveToOuterDisposeScope();
    }
}
