using DataForge.Trainer.Diffusion;
using DataForge.Trainer.Model;
using DataForge.Trainer.Runtime;
using DataForge.Trainer.Sampling;
using static TorchSharp.torch;

namespace DataForge.Trainer.Tests.Sampling;

public sealed class SamplerTests
{
    public SamplerTests() => TorchRuntime.EnsureLoaded();

    // For a point-mass data distribution at c, the exact ε is (x_t − √ᾱ_t·c)/√(1−ᾱ_t); v = −1 (posterior variance).
    private static Denoiser Oracle(Tensor c, NoiseSchedule schedule) => (x, t) =>
    {
        using var scope = NewDisposeScope();
        var tt = t.to_type(float64).clamp(0, schedule.Steps - 1);
        var lower = tt.floor().to_type(int64);
        var frac = (tt - lower.to_type(float64)).reshape(-1, 1, 1, 1);
        var abarTable = tensor(schedule.AlphasCumprod);
        var upper = (lower + 1).clamp(max: schedule.Steps - 1);
        // DPM-Solver queries fractional t: interpolate log ᾱ linearly, as its schedule does.
        var logAbar = (abarTable.index_select(0, lower).log().reshape(-1, 1, 1, 1) * (1 - frac)) + (abarTable.index_select(0, upper).log().reshape(-1, 1, 1, 1) * frac);
        var abar = logAbar.exp().to_type(float32);
        var eps = (x - (abar.sqrt() * c)) / (1 - abar).sqrt();
        return cat([eps, full_like(eps, -1.0)], dim: 1).MoveToOuterDisposeScope();
    };

    [Fact]
    public void Iddpm_OracleModel_RecoversThePointMass()
    {
        var schedule = new NoiseSchedule();
        using var scope = NewDisposeScope();
        var c = tensor(new float[] { 0.5f, -0.25f, 0.8f, -0.9f }).reshape(1, 4, 1, 1).expand(2, 4, 3, 3).contiguous();
        var sample = IddpmSampler.Sample(Oracle(c, schedule), schedule, [2, 4, 3, 3], steps: 100, generator: new TorchSharp.torch.Generator(11));
        Assert.True((sample - c).abs().max().item<float>() < 1e-3f);
    }

    [Fact]
    public void DpmSolverPlusPlus_OracleModel_RecoversThePointMassIn20Steps()
    {
        var schedule = new NoiseSchedule();
        using var scope = NewDisposeScope();
        var c = tensor(new float[] { 0.5f, -0.25f, 0.8f, -0.9f }).reshape(1, 4, 1, 1).expand(2, 4, 3, 3).contiguous();
        var sample = DpmSolverPlusPlus.Sample(Oracle(c, schedule), schedule, [2, 4, 3, 3], steps: 20, generator: new TorchSharp.torch.Generator(12));
        // Ends at t = 1/N, where σ = √(1−ᾱ_0) = 0.01 of the initial noise remains.
        Assert.True((sample - c).abs().max().item<float>() < 0.05f);
    }

    [Fact]
    public void Guidance_ScaleOneIsConditional_ScaleZeroIsNullCaption()
    {
        manual_seed(21);
        using var model = new PixArtDiT(PixArtConfig.Tiny);
        using (no_grad())
        {
            foreach (var (_, p) in model.named_parameters().Where(p => p.name.Contains("proj.weight", StringComparison.Ordinal) || p.name.StartsWith("final_layer.linear", StringComparison.Ordinal)))
            {
                p.normal_(0, 0.1);
            }
        }

        using var scope = NewDisposeScope();
        var x = randn(2, 4, 8, 8);
        var t = tensor(new long[] { 100, 800 });
        var y = randn(2, 8, 32);
        var mask = ones(2, 8);
        var conditional = model.forward(x, t, y, mask);
        var unconditional = model.forward(x, t, model.CaptionEmbedder.NullCaption.unsqueeze(0).expand(2, -1, -1), mask);

        Assert.True(ClassifierFreeGuidance.Create(model, y, mask, 1.0)(x, t).allclose(conditional, atol: 1e-5));
        var zero = ClassifierFreeGuidance.Create(model, y, mask, 0.0)(x, t);
        Assert.True(zero[.., ..4].allclose(unconditional[.., ..4], atol: 1e-5));
        var quirk = ClassifierFreeGuidance.Create(model, y, mask, 0.0, guidedChannels: 3)(x, t);
        Assert.True(quirk[.., 3].allclose(conditional[.., 3], atol: 1e-5));
        Assert.False(conditional.allclose(unconditional, atol: 1e-5));
    }
}
