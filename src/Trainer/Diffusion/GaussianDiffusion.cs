using static TorchSharp.torch;

namespace DataForge.Trainer.Diffusion;

/// <summary>
/// IDDPM's Gaussian diffusion as PixArt-α trains it: ε-prediction with <c>LEARNED_RANGE</c> variance (the model's
/// second half of channels, v ∈ [−1, 1], interpolates log β_t and the clipped posterior log-variance), loss =
/// mean-flat ε-MSE + the variational bound in bits computed on <c>cat[ε̂.detach(), v]</c> (so the bound trains only
/// the variance head), with the discretised-Gaussian decoder NLL at t = 0.
/// </summary>
public sealed class GaussianDiffusion
{
    /// <summary>Creates the process over a schedule.</summary>
    /// <param name="schedule">The noise schedule.</param>
    public GaussianDiffusion(NoiseSchedule schedule)
    {
        Schedule = schedule;
    }

    /// <summary>Gets the schedule.</summary>
    public NoiseSchedule Schedule { get; }

    /// <summary>Diffuses x_0 to x_t: <c>√ᾱ_t·x_0 + √(1−ᾱ_t)·ε</c>.</summary>
    /// <param name="x0">Clean latents (B, C, H, W).</param>
    /// <param name="t">Timesteps (B), int64.</param>
    /// <param name="noise">ε, same shape as x0.</param>
    /// <returns>x_t.</returns>
    public Tensor QSample(Tensor x0, Tensor t, Tensor noise)
    {
        ArgumentNullException.ThrowIfNull(x0);
        using var scope = NewDisposeScope();
        var a = Gather(Schedule.SqrtAlphasCumprod, t, x0);
        var s = Gather(Schedule.SqrtOneMinusAlphasCumprod, t, x0);
        return ((a * x0) + (s * noise)).MoveToOuterDisposeScope();
    }

    /// <summary>Mean and log-variance of the true posterior q(x_{t−1} | x_t, x_0).</summary>
    /// <param name="x0">x_0.</param>
    /// <param name="xt">x_t.</param>
    /// <param name="t">Timesteps (B).</param>
    /// <returns>(mean, clipped log-variance broadcast to x's shape).</returns>
    public (Tensor Mean, Tensor LogVariance) Posterior(Tensor x0, Tensor xt, Tensor t)
    {
        ArgumentNullException.ThrowIfNull(x0);
        using var scope = NewDisposeScope();
        var mean = (Gather(Schedule.PosteriorMeanCoef1, t, x0) * x0) + (Gather(Schedule.PosteriorMeanCoef2, t, x0) * xt);
        var logVar = Gather(Schedule.PosteriorLogVarianceClipped, t, x0).expand_as(x0);
        return (mean.MoveToOuterDisposeScope(), logVar.MoveToOuterDisposeScope());
    }

    /// <summary>Turns a model output into p(x_{t−1} | x_t): ε and v → predicted x_0, mean and log-variance.</summary>
    /// <param name="modelOutput">(B, 2C, H, W): ε then v.</param>
    /// <param name="xt">x_t (B, C, H, W).</param>
    /// <param name="t">Timesteps (B) in this schedule's indexing.</param>
    /// <param name="clipDenoised">Clamp the predicted x_0 to [−1, 1] (off for latents, as DiT and PixArt sample).</param>
    /// <returns>(mean, log-variance, predicted x_0).</returns>
    public (Tensor Mean, Tensor LogVariance, Tensor PredictedX0) PMeanVariance(Tensor modelOutput, Tensor xt, Tensor t, bool clipDenoised = false)
    {
        ArgumentNullException.ThrowIfNull(modelOutput);
        ArgumentNullException.ThrowIfNull(xt);
        using var scope = NewDisposeScope();
        var parts = modelOutput.chunk(2, dim: 1);
        var (eps, v) = (parts[0], parts[1]);
        var minLog = Gather(Schedule.PosteriorLogVarianceClipped, t, xt);
        var maxLog = Gather(Schedule.LogBetas, t, xt);
        var frac = (v + 1) / 2;
        var logVar = (frac * maxLog) + ((1 - frac) * minLog);
        var x0 = (Gather(Schedule.SqrtRecipAlphasCumprod, t, xt) * xt)
            - (Gather(Schedule.SqrtRecipMinusOneAlphasCumprod, t, xt) * eps);
        if (clipDenoised)
        {
            x0 = x0.clamp(-1, 1);
        }

        var (mean, _) = Posterior(x0, xt, t);
        return (mean.MoveToOuterDisposeScope(), logVar.MoveToOuterDisposeScope(), x0.MoveToOuterDisposeScope());
    }

    /// <summary>The variational-bound term per sample, in bits (KL for t &gt; 0, decoder NLL at t = 0).</summary>
    /// <param name="modelOutput">(B, 2C, H, W).</param>
    /// <param name="x0">x_0.</param>
    /// <param name="xt">x_t.</param>
    /// <param name="t">Timesteps (B).</param>
    /// <returns>(B) bits per dimension.</returns>
    public Tensor VlbBits(Tensor modelOutput, Tensor x0, Tensor xt, Tensor t)
    {
        ArgumentNullException.ThrowIfNull(t);
        using var scope = NewDisposeScope();
        var (trueMean, trueLogVar) = Posterior(x0, xt, t);
        var (mean, logVar, _) = PMeanVariance(modelOutput, xt, t);
        var kl = MeanFlat(GaussianMath.NormalKl(trueMean, trueLogVar, mean, logVar)) / Math.Log(2.0);
        var nll = MeanFlat(-GaussianMath.DiscretizedGaussianLogLikelihood(x0, mean, 0.5 * logVar)) / Math.Log(2.0);
        return where(t == 0, nll, kl).MoveToOuterDisposeScope();
    }

    /// <summary>PixArt-α's training loss for one batch.</summary>
    /// <param name="modelOutput">The model's prediction on x_t (B, 2C, H, W).</param>
    /// <param name="x0">Clean latents.</param>
    /// <param name="xt">The noised latents the model saw.</param>
    /// <param name="t">Timesteps (B).</param>
    /// <param name="noise">The ε used to make x_t.</param>
    /// <returns>The loss and its terms, each a scalar batch mean.</returns>
    public DiffusionLoss TrainingLoss(Tensor modelOutput, Tensor x0, Tensor xt, Tensor t, Tensor noise)
    {
        ArgumentNullException.ThrowIfNull(modelOutput);
        using var scope = NewDisposeScope();
        var parts = modelOutput.chunk(2, dim: 1);
        var mse = MeanFlat((noise - parts[0]).square());
        // The bound sees ε̂ detached: it may only move the variance head.
        var frozen = cat([parts[0].detach(), parts[1]], dim: 1);
        var vlb = VlbBits(frozen, x0, xt, t);
        var total = (mse + vlb).mean();
        return new DiffusionLoss(total.MoveToOuterDisposeScope(), mse.mean().MoveToOuterDisposeScope(), vlb.mean().MoveToOuterDisposeScope());
    }

    /// <summary>Mean over all non-batch dimensions.</summary>
    /// <param name="x">(B, ...).</param>
    /// <returns>(B).</returns>
    public static Tensor MeanFlat(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        return x.mean(Enumerable.Range(1, (int)x.dim() - 1).Select(i => (long)i).ToArray());
    }

    // Picks per-sample schedule values and shapes them (B, 1, 1, 1) to broadcast over x; float64 math, cast to x's dtype.
    private static Tensor Gather(double[] values, Tensor t, Tensor like)
    {
        using var scope = NewDisposeScope();
        var table = tensor(values, dtype: float64, device: t.device);
        var shape = new long[like.dim()];
        Array.Fill(shape, 1L);
        shape[0] = t.shape[0];
        return table.index_select(0, t.to_type(int64)).to_type(like.dtype).reshape(shape).MoveToOuterDisposeScope();
    }
}
