using DataForge.Trainer.Features;

namespace DataForge.ShapeWorld.Tests.Vae;

/// <summary>The latents <c>train</c> feeds the DiT, drawn as it draws them: (mean + std·ε) · 0.18215.</summary>
internal static class ScaledLatents
{
    /// <summary>The standard deviation of one draw of scaled latents.</summary>
    /// <param name="mean">Posterior means from <see cref="VaeCodec.Encode"/>.</param>
    /// <param name="std">Posterior standard deviations.</param>
    /// <param name="seed">Seed of ε.</param>
    /// <returns>The standard deviation about the mean.</returns>
    public static double StandardDeviation(float[] mean, float[] std, int seed)
    {
        var random = new Random(seed);
        var scaled = mean.Select((m, i) => (m + (std[i] * Gaussian(random))) * VaeCodec.ScaleFactor).ToArray();
        var average = scaled.Average();
        return Math.Sqrt(scaled.Select(v => (v - average) * (v - average)).Average());
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
