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
/// <param name="HeldOut">Reconstruction PSNR and detector ceiling on held-out scenes, through the posterior mean.</param>
public sealed record VaeTrainResult(
    string ModelDirectory, int StartStep, int Steps, double FirstLoss, double FinalLoss, double FinalReconstruction, double Seconds,
    VaeLatentScale Scale, VaeReconstructionQuality HeldOut);
