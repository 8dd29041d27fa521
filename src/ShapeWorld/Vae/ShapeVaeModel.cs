using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace DataForge.ShapeWorld.Vae;

/// <summary>
/// A tiny KL-VAE: 3×3 convolutions with SiLU, stride 2 three times (64 → 8), then a convolution to the posterior's
/// mean and log-variance (<see cref="VaeConfig.LatentChannels"/> each, mean first as in diffusers'
/// <c>latent_parameters</c>); the decoder mirrors it with 2× nearest upsampling before each stage. Plain convolutions
/// only, so the ONNX export is one Conv (or Resize) per layer and computes exactly what this module does.
/// </summary>
public sealed class ShapeVaeModel : Module<Tensor, Tensor>
{
#pragma warning disable IDE1006 // State-dict names.
    private readonly ModuleList<Conv2d> encoder;
    private readonly ModuleList<Conv2d> decoder;
#pragma warning restore IDE1006

    /// <summary>Creates the model with freshly initialised weights (seed torch first for a reproducible start).</summary>
    /// <param name="config">The network shape.</param>
    public ShapeVaeModel(VaeConfig config)
        : base(nameof(ShapeVaeModel))
    {
        ArgumentNullException.ThrowIfNull(config);
        Config = config;
        var (o, i, l) = (config.OuterChannels, config.InnerChannels, config.LatentChannels);
        encoder = new ModuleList<Conv2d>(
            Conv2d(3, o, 3, padding: 1), Conv2d(o, o, 3, stride: 2, padding: 1), Conv2d(o, i, 3, stride: 2, padding: 1),
            Conv2d(i, i, 3, stride: 2, padding: 1), Conv2d(i, i, 3, padding: 1), Conv2d(i, 2 * l, 3, padding: 1));
        var (di, dout) = (config.DecoderInner, config.DecoderOuter);
        decoder = new ModuleList<Conv2d>(
            Conv2d(l, di, 3, padding: 1), Conv2d(di, di, 3, padding: 1), Conv2d(di, di, 3, padding: 1), Conv2d(di, dout, 3, padding: 1),
            Conv2d(dout, dout, 3, padding: 1), Conv2d(dout, 3, 3, padding: 1));
        RegisterComponents();
    }

    /// <summary>Gets the network shape.</summary>
    public VaeConfig Config { get; }

    /// <summary>Gets the encoder convolutions in order; SiLU follows every one but the last.</summary>
    internal IList<Conv2d> EncoderLayers => encoder;

    /// <summary>Gets the decoder convolutions in order; SiLU follows every one but the last.</summary>
    internal IList<Conv2d> DecoderLayers => decoder;

    /// <summary>Gets the stride of encoder layer <paramref name="index"/>.</summary>
    /// <param name="index">The layer.</param>
    /// <returns>1 or 2.</returns>
    internal static long EncoderStride(int index) => index is >= 1 and <= 3 ? 2 : 1;

    /// <summary>Gets whether decoder layer <paramref name="index"/> is preceded by a 2× nearest upsampling.</summary>
    /// <param name="index">The layer.</param>
    /// <returns>True for the three upsampling stages.</returns>
    internal static bool UpsampledBefore(int index) => index is >= 2 and <= 4;

    /// <summary>Encodes images to the posterior's parameters.</summary>
    /// <param name="images">(B, 3, H, W) in [−1, 1].</param>
    /// <returns>(B, 2·C, H/8, W/8): mean channels, then log-variance channels.</returns>
    public Tensor Encode(Tensor images)
    {
        ArgumentNullException.ThrowIfNull(images);
        using var scope = NewDisposeScope();
        var x = images;
        for (var k = 0; k < encoder.Count; k++)
        {
            x = encoder[k].forward(x);
            x = k < encoder.Count - 1 ? functional.silu(x) : x;
        }

        return x.MoveToOuterDisposeScope();
    }

    /// <summary>Decodes latents (unscaled, as the encoder's mean) to images.</summary>
    /// <param name="latents">(B, C, h, w).</param>
    /// <returns>(B, 3, 8h, 8w), nominally in [−1, 1] (not clamped).</returns>
    public Tensor Decode(Tensor latents)
    {
        ArgumentNullException.ThrowIfNull(latents);
        using var scope = NewDisposeScope();
        var x = latents;
        for (var k = 0; k < decoder.Count; k++)
        {
            x = UpsampledBefore(k) ? functional.interpolate(x, scale_factor: [2.0, 2.0], mode: InterpolationMode.Nearest) : x;
            x = decoder[k].forward(x);
            x = k < decoder.Count - 1 ? functional.silu(x) : x;
        }

        return x.MoveToOuterDisposeScope();
    }

    /// <summary>Reconstructs images through the posterior mean (no sampling).</summary>
    /// <param name="images">(B, 3, H, W) in [−1, 1].</param>
    /// <returns>The reconstruction.</returns>
    public override Tensor forward(Tensor images)
    {
        using var scope = NewDisposeScope();
        var mean = Encode(images).chunk(2, 1)[0];
        return Decode(mean).MoveToOuterDisposeScope();
    }
}
