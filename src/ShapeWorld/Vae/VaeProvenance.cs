namespace DataForge.ShapeWorld.Vae;

/// <summary>How an exported VAE was made, recorded beside its graphs so the shipped weights say where they came from.</summary>
/// <param name="Run">The run's settings and final losses.</param>
/// <param name="Scale">The latent scale folded into the graphs.</param>
/// <param name="HeldOut">Reconstruction PSNR and detector ceiling on held-out scenes.</param>
public sealed record VaeProvenance(VaeRunState Run, VaeLatentScale Scale, VaeReconstructionQuality HeldOut);
