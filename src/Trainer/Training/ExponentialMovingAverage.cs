using DataForge.Trainer.Model;
using static TorchSharp.torch;

namespace DataForge.Trainer.Training;

/// <summary>
/// EMA of the model's parameters (rate 0.9999 in PixArt-α), updated after every optimizer step:
/// <c>ema ← rate·ema + (1 − rate)·θ</c>. Holds its own model copy, used for sampling.
/// </summary>
public sealed class ExponentialMovingAverage : IDisposable
{
    private readonly (TorchSharp.Modules.Parameter Ema, TorchSharp.Modules.Parameter Live)[] _pairs;

    /// <summary>Creates the EMA as an exact copy of <paramref name="live"/>.</summary>
    /// <param name="live">The trained model.</param>
    /// <param name="rate">Decay rate.</param>
    public ExponentialMovingAverage(PixArtDiT live, double rate)
    {
        ArgumentNullException.ThrowIfNull(live);
        Rate = rate;
        Model = new PixArtDiT(live.Config);
        Model.eval();
        var liveParameters = live.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        _pairs = [.. Model.named_parameters().Select(p => (p.parameter, liveParameters[p.name]))];
        using var noGrad = no_grad();
        foreach (var (ema, current) in _pairs)
        {
            ema.requires_grad_(false);
            ema.copy_(current);
        }

        foreach (var (name, buffer) in Model.named_buffers())
        {
            buffer.copy_(live.named_buffers().Single(b => b.name == name).buffer);
        }
    }

    /// <summary>Gets the decay rate.</summary>
    public double Rate { get; }

    /// <summary>Gets the averaged model.</summary>
    public PixArtDiT Model { get; }

    /// <summary>Moves the average one step towards the live weights.</summary>
    public void Update()
    {
        using var noGrad = no_grad();
        foreach (var (ema, live) in _pairs)
        {
            ema.mul_(Rate).add_(live, alpha: 1 - Rate);
        }
    }

    /// <inheritdoc />
    public void Dispose() => Model.Dispose();
}
