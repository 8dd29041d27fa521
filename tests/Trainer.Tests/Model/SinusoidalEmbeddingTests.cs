using DataForge.Trainer.Model;
using DataForge.Trainer.Runtime;
using static TorchSharp.torch;

namespace DataForge.Trainer.Tests.Model;

public sealed class SinusoidalEmbeddingTests
{
    public SinusoidalEmbeddingTests() => TorchRuntime.EnsureLoaded();

    [Fact]
    public void Timestep_IsCosineFirstWithGeometricFrequencies()
    {
        using var scope = NewDisposeScope();
        var e = SinusoidalEmbedding.Timestep(tensor(new long[] { 0, 7 }), 8).data<float>().ToArray();
        // t = 0: cos = 1 for the first half, sin = 0 for the second.
        Assert.Equal(new float[] { 1, 1, 1, 1, 0, 0, 0, 0 }, e[..8]);
        // t = 7, f_i = 10000^(-i/4): f = [1, 0.1, 0.01, 0.001].
        double[] f = [1, 0.1, 0.01, 0.001];
        for (var i = 0; i < 4; i++)
        {
            Assert.Equal(Math.Cos(7 * f[i]), e[8 + i], 5);
            Assert.Equal(Math.Sin(7 * f[i]), e[12 + i], 5);
        }
    }

    [Fact]
    public void PositionGrid_WidthChannelsFirstThenHeight_ScaledToBaseSize()
    {
        // dim 8 → quarter 2, omega = [1, 1/100]. Grid 2×4 with base size 2: w positions scale by 2/4.
        var grid = SinusoidalEmbedding.PositionGrid(8, h: 2, w: 4, baseSize: 2, interpolation: 1.0);
        var row = grid.AsSpan(((1 * 4) + 3) * 8, 8).ToArray(); // y = 1, x = 3
        var gw = 3 * 0.5;
        var gh = 1 * 1.0;
        double[] expected = [Math.Sin(gw), Math.Sin(gw / 100), Math.Cos(gw), Math.Cos(gw / 100), Math.Sin(gh), Math.Sin(gh / 100), Math.Cos(gh), Math.Cos(gh / 100)];
        for (var i = 0; i < 8; i++)
        {
            Assert.Equal(expected[i], row[i], 6);
        }
    }

    [Fact]
    public void PositionGrid_InterpolationScaleShrinksTheRange()
    {
        var one = SinusoidalEmbedding.PositionGrid(4, 1, 4, 4, 1.0);
        var two = SinusoidalEmbedding.PositionGrid(4, 1, 8, 4, 2.0);
        // Base size 4. Scale 1 on a 4-wide grid: pos = x, so x = 1 sits at 1.
        // Scale 2 on an 8-wide grid: pos = x·(4/8)/2 = x/4, so x = 4 also sits at 1 (the 1024-MS "same range as 512" trick).
        Assert.Equal(one.AsSpan(1 * 4, 4).ToArray(), two.AsSpan(4 * 4, 4).ToArray());
    }
}
