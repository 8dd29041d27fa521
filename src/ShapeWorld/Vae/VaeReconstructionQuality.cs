namespace DataForge.ShapeWorld.Vae;

/// <summary>
/// How well a VAE reconstructs held-out scenes: pixel PSNR, and what the analytic shape detector still finds in the
/// reconstructions, scored against each scene's truth as the detector's own accuracy is
/// (<see cref="Detection.ImageDetectionScore"/>). The detector figures bound what any sampler decoding through this
/// VAE can score: a DiT that produced the best possible latents still shows the decoder's losses.
/// </summary>
/// <param name="Scenes">Held-out scenes measured.</param>
/// <param name="Psnr">10·log10(255² / MSE) over all 8-bit pixels of all scenes.</param>
/// <param name="VisibleObjects">Visible true objects in those scenes.</param>
/// <param name="CorrectObjects">Visible objects the detector found with the right shape and colour in the reconstruction.</param>
/// <param name="ExactImages">Reconstructions in which every visible object is correct and nothing else was detected.</param>
public sealed record VaeReconstructionQuality(int Scenes, double Psnr, int VisibleObjects, int CorrectObjects, int ExactImages)
{
    /// <summary>Gets the fraction of visible objects detected correctly in the reconstructions (the detector ceiling).</summary>
    public double ObjectAccuracy => VisibleObjects == 0 ? double.NaN : (double)CorrectObjects / VisibleObjects;

    /// <summary>Gets the fraction of reconstructions scored exact.</summary>
    public double ImageAccuracy => Scenes == 0 ? double.NaN : (double)ExactImages / Scenes;
}
