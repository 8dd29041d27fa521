using DataForge.Trainer.Diffusion;
using DataForge.Trainer.Runtime;
using static TorchSharp.torch;

namespace DataForge.Trainer.Tests.Diffusion;

public sealed class GaussianDiffusionTests
{
    private readonly GaussianDiffusion _diffusion = new(new NoiseSchedule());

    public GaussianDiffusionTests() => TorchRuntime.EnsureLoaded();

    // ᾱ_t computed here from the definition, independently of NoiseSchedule.
    private static double AlphaBar(int t)
    {
        var product = 1.0;
        for (var i = 0; i <= t; i++)
        {
            product *= 1 - (1e-4 + ((0.02 - 1e-4) * i / 999.0));
        }

        return product;
    }

    [Fact]
    public void Schedule_IsLinearFrom1e4To002()
    {
        var s = new NoiseSchedule();
        Assert.Equal(1000, s.Steps);
        Assert.Equal(1e-4, s.Betas[0], 12);
        Assert.Equal(0.02, s.Betas[999], 12);
        Assert.Equal(AlphaBar(500), s.AlphasCumprod[500], 12);
    }

    [Fact]
    public void NormalKl_MatchesClosedFormForScalars()
    {
        using var scope = NewDisposeScope();
        // KL(N(0,1) ‖ N(1,2)) = ln √2 + (1 + 1)/(2·2) − ½.
        var kl = GaussianMath.NormalKl(tensor(0.0), tensor(0.0), tensor(1.0), tensor(Math.Log(2))).item<double>();
        Assert.Equal(Math.Log(Math.Sqrt(2)) + 0.5 - 0.5, kl, 10);
    }

    [Fact]
    public void Vlb_PerfectModel_IsZero()
    {
        using var scope = NewDisposeScope();
        manual_seed(3);
        var x0 = randn(2, 4, 4, 4);
        var noise = randn(2, 4, 4, 4);
        var t = tensor(new long[] { 10, 700 });
        var xt = _diffusion.QSample(x0, t, noise);
        // ε exact and v = −1 selects the (clipped) posterior log-variance, which is exact for t ≥ 1.
        var output = cat([noise, full_like(noise, -1.0)], dim: 1);
        var vlb = _diffusion.VlbBits(output, x0, xt, t);
        Assert.True(vlb.abs().max().item<float>() < 1e-4f, vlb.ToString(TorchSharp.TensorStringStyle.Julia));
    }

    [Fact]
    public void Vlb_MeanOffByKnownAmount_EqualsClosedFormKlInBits()
    {
        using var scope = NewDisposeScope();
        manual_seed(4);
        const int T = 300;
        const double d = 0.3;
        var x0 = randn(1, 4, 2, 2, dtype: float64);
        var noise = randn(1, 4, 2, 2, dtype: float64);
        var t = tensor(new long[] { T });
        var xt = _diffusion.QSample(x0, t, noise);
        var output = cat([noise + d, full_like(noise, -1.0)], dim: 1);

        var vlb = _diffusion.VlbBits(output, x0, xt, t).item<double>();

        // ε off by d moves x̂0 by −√(1/ᾱ−1)·d and the posterior mean by coef1 times that; equal variances give
        // KL = δ² / (2σ²) nats per element.
        var (abar, abarPrev) = (AlphaBar(T), AlphaBar(T - 1));
        var beta = 1 - (abar / abarPrev);
        var coef1 = beta * Math.Sqrt(abarPrev) / (1 - abar);
        var delta = coef1 * Math.Sqrt((1 / abar) - 1) * d;
        var variance = beta * (1 - abarPrev) / (1 - abar);
        Assert.Equal(delta * delta / (2 * variance) / Math.Log(2), vlb, 6);
    }

    [Fact]
    public void DecoderNll_AtTimestepZero_SharpExactPrediction_IsNearZeroBits()
    {
        using var scope = NewDisposeScope();
        var x0 = tensor(new double[] { -1, -0.5, 0, 0.5, 1 }).reshape(1, 1, 1, 5);
        var ll = GaussianMath.DiscretizedGaussianLogLikelihood(x0, x0, full_like(x0, Math.Log(1e-4)));
        Assert.True(ll.abs().max().item<double>() < 1e-6);
        // A wide Gaussian puts about bin-width·density in the central bin: 2/255 · φ(0)/σ for σ = 1.
        var wide = GaussianMath.DiscretizedGaussianLogLikelihood(tensor(0.0).reshape(1, 1), tensor(0.0).reshape(1, 1), tensor(0.0).reshape(1, 1));
        Assert.Equal(Math.Log(2.0 / 255.0 / Math.Sqrt(2 * Math.PI)), wide.item<double>(), 3);
    }

    [Fact]
    public void TrainingLoss_VlbTrainsOnlyTheVarianceHead_MseOnlyEpsilon()
    {
        manual_seed(5);
        using var scope = NewDisposeScope();
        var x0 = randn(2, 4, 4, 4);
        var noise = randn(2, 4, 4, 4);
        var t = tensor(new long[] { 0, 400 });
        var xt = _diffusion.QSample(x0, t, noise);
        var output = randn(2, 8, 4, 4).requires_grad_(true);

        var loss = _diffusion.TrainingLoss(output, x0, xt, t, noise);
        var vlbGrad = TorchSharp.torch.autograd.grad([loss.Vlb], [output], retain_graph: true)[0];
        Assert.Equal(0f, vlbGrad[.., ..4].abs().max().item<float>());
        Assert.True(vlbGrad[.., 4..].abs().max().item<float>() > 0);

        var mseGrad = TorchSharp.torch.autograd.grad([loss.Mse], [output], retain_graph: true)[0];
        Assert.Equal(0f, mseGrad[.., 4..].abs().max().item<float>());
        Assert.True(mseGrad[.., ..4].abs().max().item<float>() > 0);
        Assert.Equal(loss.Mse.item<float>() + loss.Vlb.item<float>(), loss.Total.item<float>(), 4);
    }

    [Fact]
    public void Respace_100Steps_KeepsEndpointsAndCumulativeAlphas()
    {
        var schedule = new NoiseSchedule();
        var (timesteps, respaced) = schedule.Respace(100);
        Assert.Equal(100, timesteps.Length);
        Assert.Equal(0, timesteps[0]);
        Assert.Equal(999, timesteps[^1]);
        for (var i = 0; i < timesteps.Length; i++)
        {
            Assert.Equal(schedule.AlphasCumprod[timesteps[i]], respaced.AlphasCumprod[i], 10);
        }
    }
}
