using static TorchSharp.torch;

namespace DataForge.Trainer.Diffusion;

/// <summary>Closed-form Gaussian terms of the variational bound (IDDPM <c>losses.py</c>).</summary>
public static class GaussianMath
{
    /// <summary>KL(N(mean1, e^logvar1) ‖ N(mean2, e^logvar2)) elementwise, in nats.</summary>
    /// <param name="mean1">First mean.</param>
    /// <param name="logVar1">First log-variance.</param>
    /// <param name="mean2">Second mean.</param>
    /// <param name="logVar2">Second log-variance.</param>
    /// <returns>The KL, elementwise.</returns>
    public static Tensor NormalKl(Tensor mean1, Tensor logVar1, Tensor mean2, Tensor logVar2)
    {
        using var scope = NewDisposeScope();
        var kl = 0.5 * (-1.0 + logVar2 - logVar1 + exp(logVar1 - logVar2) + ((mean1 - mean2).square() * exp(-logVar2)));
        return kl.MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Log-likelihood of data in [−1, 1] discretised to 256 bins under N(mean, e^{2·logScale}), elementwise (the
    /// decoder term at t = 0); the outer bins extend to ±∞. Uses IDDPM's tanh approximation of the normal CDF.
    /// </summary>
    /// <param name="x">Targets.</param>
    /// <param name="means">Means.</param>
    /// <param name="logScales">Log standard deviations.</param>
    /// <returns>Log-likelihoods in nats.</returns>
    public static Tensor DiscretizedGaussianLogLikelihood(Tensor x, Tensor means, Tensor logScales)
    {
        using var scope = NewDisposeScope();
        var centered = x - means;
        var invStd = exp(-logScales);
        var cdfPlus = ApproxStandardNormalCdf(invStd * (centered + (1.0 / 255.0)));
        var cdfMin = ApproxStandardNormalCdf(invStd * (centered - (1.0 / 255.0)));
        var logCdfPlus = log(cdfPlus.clamp(min: 1e-12));
        var logOneMinusCdfMin = log((1.0 - cdfMin).clamp(min: 1e-12));
        var logCdfDelta = log((cdfPlus - cdfMin).clamp(min: 1e-12));
        var result = where(x < -0.999, logCdfPlus, where(x > 0.999, logOneMinusCdfMin, logCdfDelta));
        return result.MoveToOuterDisposeScope();
    }

    /// <summary>IDDPM's fast approximation of the standard normal CDF.</summary>
    /// <param name="x">Input.</param>
    /// <returns>Φ(x) approximately.</returns>
    public static Tensor ApproxStandardNormalCdf(Tensor x)
    {
        using var scope = NewDisposeScope();
        return (0.5 * (1.0 + tanh(Math.Sqrt(2.0 / Math.PI) * (x + (0.044715 * x.pow(3)))))).MoveToOuterDisposeScope();
    }
}
