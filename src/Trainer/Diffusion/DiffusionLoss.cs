namespace DataForge.Trainer.Diffusion;

/// <summary>The training loss of one batch, split into its terms (per-sample means, then batch means).</summary>
/// <param name="Total">ε-MSE + VLB, the value that is back-propagated.</param>
/// <param name="Mse">Mean squared error on ε.</param>
/// <param name="Vlb">Variational bound in bits (trains only the variance head).</param>
public sealed record DiffusionLoss(TorchSharp.torch.Tensor Total, TorchSharp.torch.Tensor Mse, TorchSharp.torch.Tensor Vlb);
