using DataForge.Trainer.Diffusion;
using static TorchSharp.torch;

namespace DataForge.Trainer.Sampling;

/// <summary>
/// IDDPM ancestral sampling on a respaced chain (100 steps by default in the official inference script), using
/// the model's learned variance: <c>x_{t−1} = μ + exp(½·log σ²)·z</c>, no noise at the last step.
/// </summary>
public static class IddpmSampler
{
    /// <summary>The official default number of steps.</summary>
    public const int DefaultSteps = 100;

    /// <summary>Samples latents.</summary>
    /// <param name="denoiser">The (possibly guided) model.</param>
    /// <param name="schedule">The training schedule (T = 1000).</param>
    /// <param name="shape">Latent shape (B, C, H, W).</param>
    /// <param name="steps">Sampling steps.</param>
    /// <param name="generator">Random source for the initial noise and each step.</param>
    /// <param name="progress">Receives the number of steps done.</param>
    /// <param name="cancellationToken">Checked between steps.</param>
    /// <returns>x_0 (B, C, H, W).</returns>
    public static Tensor Sample(Denoiser denoiser, NoiseSchedule schedule, long[] shape, int steps = DefaultSteps, Generator? generator = null, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(denoiser);
        ArgumentNullException.ThrowIfNull(schedule);
        var (timesteps, respaced) = schedule.Respace(steps);
        var diffusion = new GaussianDiffusion(respaced);
        var x = randn(shape, generator: generator);
        for (var i = timesteps.Length - 1; i >= 0; i--)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var scope = NewDisposeScope();
            var originalT = full(shape[0], timesteps[i], dtype: int64);
            var index = full(shape[0], i, dtype: int64);
            var (mean, logVar, _) = diffusion.PMeanVariance(denoiser(x, originalT), x, index);
            var next = i > 0 ? mean + (exp(0.5 * logVar) * randn(shape, generator: generator)) : mean;
            x.Dispose();
            x = next.MoveToOuterDisposeScope();
            progress?.Report(timesteps.Length - i);
        }

        return x;
    }
}
