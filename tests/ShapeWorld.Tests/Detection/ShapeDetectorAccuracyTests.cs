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
}
