namespace DataForge.ShapeWorld.Vae;

/// <summary>
/// How the export rescales the latent space. The Trainer multiplies encoder latents by a fixed 0.18215
/// (<see cref="TrainerScalingFactor"/>, sd-vae-ft-ema's) and divides by it before decoding, so instead of a config value
/// the export folds <see cref="Multiplier"/> into the encoder's last and the decoder's first convolution: latents the
/// Trainer sees then have unit standard deviation, as SD's do after its scaling factor.
/// </summary>
/// <param name="MeasuredStd">Standard deviation of posterior samples of the trained model over the scale scenes.</param>
/// <param name="Multiplier">The factor the exported encoder's latents carry: 1 / (0.18215 · std).</param>
/// <param name="Scenes">How many training scenes were measured.</param>
public sealed record VaeLatentScale(double MeasuredStd, double Multiplier, int Scenes)
{
    /// <summary>The scaling factor the Trainer's <c>VaeCodec</c> applies.</summary>
    public const double TrainerScalingFactor = 0.18215;

    /// <summary>The scale for a measured standard deviation.</summary>
    /// <param name="std">Posterior sample standard deviation.</param>
    /// <param name="scenes">Scenes measured.</param>
    /// <returns>The scale.</returns>
    public static VaeLatentScale FromStd(double std, int scenes) => new(std, 1.0 / (TrainerScalingFactor * std), scenes);
}
