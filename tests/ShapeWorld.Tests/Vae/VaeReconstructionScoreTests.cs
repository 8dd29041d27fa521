using DataForge.ShapeWorld.Detection;
using DataForge.ShapeWorld.Vae;
using Xunit.Abstractions;

namespace DataForge.ShapeWorld.Tests.Vae;

/// <summary>The held-out scoring path (PSNR and detector ceiling) on reconstructions whose quality is known.</summary>
public sealed class VaeReconstructionScoreTests(ITestOutputHelper output)
{
    private const int Scenes = 96;

    [Fact]
    public void IdentityRoundTrip_ScoresExactlyWhatTheDetectorFindsOnTheRenders()
    {
        var generator = new ShapeWorldGenerator(2024);
        var direct = new DetectionAccuracy();
        for (var i = 0L; i < Scenes; i++)
        {
            var scene = generator.Generate(ShapeWorldGenerator.HeldOutStart + i);
            direct.Add(ImageDetectionScore.Of(scene.Graph, ShapeDetector.Detect(scene.Rgb)));
        }

        var quality = VaeReconstructionScore.Measure(generator, Scenes, pixels => (float[])pixels.Clone());

        output.WriteLine($"identity: PSNR {quality.Psnr:F1} dB, objects {quality.CorrectObjects}/{quality.VisibleObjects}, exact {quality.ExactImages}/{quality.Scenes}");
        Assert.Equal(Scenes, quality.Scenes);
        Assert.Equal((direct.VisibleObjects, direct.CorrectObjects, direct.ExactImages), (quality.VisibleObjects, quality.CorrectObjects, quality.ExactImages));
        Assert.True(quality.ObjectAccuracy >= 0.95, $"object accuracy {quality.ObjectAccuracy:P2}");
        // Bytes → [−1, 1] → bytes is lossless, so the error is zero and PSNR hits the 1e-12 MSE floor (168 dB).
        Assert.True(quality.Psnr > 150, $"PSNR {quality.Psnr}");
    }

    [Fact]
    public void BlurredRoundTrip_ScoresLowerPsnrAndFewerObjects()
    {
        var generator = new ShapeWorldGenerator(2024);
        var identity = VaeReconstructionScore.Measure(generator, Scenes, pixels => (float[])pixels.Clone());

        var blurred = VaeReconstructionScore.Measure(generator, Scenes, BoxBlur4);

        output.WriteLine($"4x4 box: PSNR {blurred.Psnr:F1} dB, objects {blurred.CorrectObjects}/{blurred.VisibleObjects}, exact {blurred.ExactImages}/{blurred.Scenes}");
        Assert.Equal(identity.VisibleObjects, blurred.VisibleObjects);
        Assert.True(blurred.Psnr < 30, $"PSNR {blurred.Psnr:F1} dB");
        Assert.True(blurred.CorrectObjects < identity.CorrectObjects, $"blurred {blurred.CorrectObjects} vs identity {identity.CorrectObjects} objects");
        Assert.True(blurred.ExactImages < identity.ExactImages, $"blurred {blurred.ExactImages} vs identity {identity.ExactImages} images");
    }

    [Fact]
    public void Reconstruction_OfAnotherLength_IsRefused()
    {
        Assert.Throws<ArgumentException>(() => VaeReconstructionScore.Measure(new ShapeWorldGenerator(1), 2, pixels => new float[pixels.Length / 2]));
    }

    // Each 4×4 block replaced by its mean: what a decoder that keeps only a 16×16 image would give back.
    private static float[] BoxBlur4(float[] pixels)
    {
        const int n = ShapeWorldScene.ImageSize;
        var result = new float[pixels.Length];
        for (var p = 0; p < pixels.Length / (n * n); p++)
        {
            var plane = p * n * n;
            for (var by = 0; by < n; by += 4)
            {
                for (var bx = 0; bx < n; bx += 4)
                {
                    float sum = 0;
                    for (var k = 0; k < 16; k++)
                    {
                        sum += pixels[plane + ((by + (k / 4)) * n) + bx + (k % 4)];
                    }

                    for (var k = 0; k < 16; k++)
                    {
                        result[plane + ((by + (k / 4)) * n) + bx + (k % 4)] = sum / 16;
                    }
                }
            }
        }

        return result;
    }
}
