namespace DataForge.ShapeWorld.Vae;

/// <summary>What a VAE training run did and how good the exported model is.</summary>
/// <param name="ModelDirectory">The exported model folder.</param>
/// <param name="StartStep">The step the run resumed from (0 for a fresh run).</param>
/// <param name="Steps">The steps completed in total.</param>
/// <param name="FirstLoss">The first step's loss in this invocation (NaN when it ran no step).</param>
/// <param name="FinalLoss">Mean total loss over the last steps.</param>
/// <param name="FinalReconstruction">Mean reconstruction loss (L1 + L2) over the last steps.</param>
/// <param name="Seconds">Training seconds over all invocations of the run.</param>
/// <param name="Scale">The latent statistics the export was scaled with.</param>
/// <param name="HeldOutPsnr">Reconstruction PSNR (dB, 8-bit pixels, through the posterior mean) on held-out scenes.</param>
/// <param name="HeldOutScenes">How many held-out scenes the PSNR covers.</param>
public sealed record VaeTrainResult(
    string ModelDirectory, int StartStep, int Steps, double FirstLoss, double FinalLoss, double FinalReconstruction, double Seconds,
    VaeLatentScale Scale, double HeldOutPsnr, int HeldOutScenes);
