using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace DataForge.Trainer.Model;

/// <summary>timm's <c>Mlp</c>: fc1 → GELU(tanh) → fc2. Used in every block and as the caption projection.</summary>
public sealed class FeedForward : Module<Tensor, Tensor>
{
#pragma warning disable IDE1006 // PyTorch parameter names.
    private readonly Linear fc1;
    private readonly Linear fc2;
#pragma warning restore IDE1006

    /// <summary>Creates the MLP.</summary>
    /// <param name="input">Input width.</param>
    /// <param name="hidden">Hidden width.</param>
    /// <param name="output">Output width.</param>
    /// <param name="device">Where parameters live.</param>
    public FeedForward(int input, int hidden, int output, Device? device = null)
        : base(nameof(FeedForward))
    {
        fc1 = Linear(input, hidden, device: device);
        fc2 = Linear(hidden, output, device: device);
        RegisterComponents();
    }

    /// <summary>Gets the first layer.</summary>
    internal Linear Fc1 => fc1;

    /// <summary>Gets the second layer.</summary>
    internal Linear Fc2 => fc2;

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        using var hidden = fc1.forward(input);
        using var activated = functional.gelu(hidden, TorchSharp.Modules.GELU.Approximate.tanh);
        return fc2.forward(activated);
    }
}
