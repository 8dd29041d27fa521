using DataForge.ShapeWorld.Detection;
using Xunit.Abstractions;

namespace DataForge.ShapeWorld.Tests.Detection;

public sealed class ShapeDetectorAccuracyTests(ITestOutputHelper output)
{
    [Fact]
    public void Detect_GroundTruthRenders_FindsAtLeast95PercentOfVisibleObjects()
    {
        var generator = new ShapeWorldGenerator(2024);
        var accuracy = new DetectionAccuracy();
        for (var i = 0L; i < 500; i++)
        {
            var scene = generator.Generate(ShapeWorldGenerator.HeldOutStart + i);
            accuracy.Add(ImageDetectionScore.Of(scene.Graph, ShapeDetector.Detect(scene.Rgb)));
        }

        output.WriteLine(accuracy.ToMarkdown());
        Assert.True(accuracy.ObjectAccuracy >= 0.95, $"object accuracy {accuracy.ObjectAccuracy:P2}");
        Assert.True(accuracy.ImageAccuracy >= 0.95, $"image accuracy {accuracy.ImageAccuracy:P2}");
    }

    [Theory]
    [InlineData(0.7, 8.0, 0.98)]
    [InlineData(1.0, 12.0, 0.95)]
    public void Detect_BlurredNoisyRenders_StillFindsMostObjects(double blurSigma, double noiseSigma, double required)
    {
        // A diffusion model's samples are softer and noisier than the renders; measured on 200 scenes: σ 0.7 px blur
        // with σ 8 noise 99.8% of objects, σ 1 px with σ 12 noise 97.2% (σ 1.2 px with σ 16 noise: 81%).
        var generator = new ShapeWorldGenerator(2024);
        var accuracy = new DetectionAccuracy();
        var random = new Random(5);
        for (var i = 0L; i < 200; i++)
        {
            var scene = generator.Generate(ShapeWorldGenerator.HeldOutStart + i);
            accuracy.Add(ImageDetectionScore.Of(scene.Graph, ShapeDetector.Detect(ImageDegradation.Apply(scene.Rgb, blurSigma, noiseSigma, random))));
        }

        output.WriteLine(accuracy.ToMarkdown());
        Assert.True(accuracy.ObjectAccuracy >= required, $"object accuracy {accuracy.ObjectAccuracy:P2}");
    }

    [Fact]
    public void Detect_PlainBackground_FindsNothing()
    {
        var rgb = new byte[64 * 64 * 3];
        for (var p = 0; p < 64 * 64; p++)
        {
            (rgb[p * 3], rgb[(p * 3) + 1], rgb[(p * 3) + 2]) = (96, 110, 128);
        }

        Assert.Empty(ShapeDetector.Detect(rgb));
    }

    [Fact]
    public void Detect_BlackAndWhiteBlotches_FindsNothing()
    {
        // What an untrained diffusion model decodes: blocks of palette colours with no background the world paints.
        // Fitting outlines there "finds" squares and circles with no error, since every neighbour is another region.
        var random = new Random(1);
        var rgb = new byte[64 * 64 * 3];
        var blocks = Enumerable.Range(0, 64).Select(_ => random.Next(2) == 0 ? (byte)18 : (byte)250).ToArray();
        for (var p = 0; p < 64 * 64; p++)
        {
            var v = blocks[(p / 64 / 8 * 8) + (p % 64 / 8)];
            (rgb[p * 3], rgb[(p * 3) + 1], rgb[(p * 3) + 2]) = (v, v, v);
        }

        Assert.Empty(ShapeDetector.Detect(rgb));
    }

    [Fact]
    public void Detect_WrongSize_IsRefused()
    {
        Assert.Throws<ArgumentException>(() => ShapeDetector.Detect(new byte[32 * 32 * 3]));
    }
}
