using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace DataForge.Trainer.Model;

/// <summary>Timestep embedder: 256-d sinusoid → Linear(256, D) → SiLU → Linear(D, D) (<c>t_embedder</c>).</summary>
public sealed class TimestepEmbedder : Module<Tensor, Tensor>
{
    /// <summary>Width of the sinusoid fed to the MLP.</summary>
    public const int FrequencyDim = 256;

#pragma warning disable IDE1006 // PyTorch parameter names, so checkpoints map 1:1.
    private readonly Sequential mlp;
#pragma warning restore IDE1006

    /// <summary>Creates the embedder.</summary>
    /// <param name="hidden">Output width D.</param>
    /// <param name="device">Where parameters live (<c>meta</c> to count without allocating).</param>
    public TimestepEmbedder(int hidden, Device? device = null)
        : base(nameof(TimestepEmbedder))
    {
        mlp = Sequential(("0", Linear(FrequencyDim, hidden, device: device)), ("1", SiLU()), ("2", Linear(hidden, hidden, device: device)));
        RegisterComponents();
    }

    /// <summary>Gets the two linear layers, for initialisation.</summary>
    internal IEnumerable<Linear> Linears => mlp.children().OfType<Linear>();

    /// <inheritdoc />
    public override Tensor forward(Tensor input) => mlp.forward(SinusoidalEmbedding.Timestep(input, FrequencyDim));
}
