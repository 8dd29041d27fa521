namespace DataForge.Trainer.Sampling;

/// <summary>
/// A model call as samplers see it: noisy latents (B, C, H, W) and timesteps (B, float or integer, in the
/// original 0..T−1 range) to the model output (B, 2C, H, W): ε then the variance interpolation.
/// </summary>
/// <param name="x">Noisy latents.</param>
/// <param name="t">Timesteps.</param>
/// <returns>The model output.</returns>
public delegate TorchSharp.torch.Tensor Denoiser(TorchSharp.torch.Tensor x, TorchSharp.torch.Tensor t);
