using DataForge.Cli.Demo;
using SixLabors.ImageSharp;

namespace DataForge.Cli.Tests.Demo;

public sealed class SceneGeneratorTests
{
    [Fact]
    public void Generate_SameSeedAndIndex_GivesIdenticalBytesAndCaption()
    {
        var a = SceneGenerator.Generate(5, seed: 7);
        var b = SceneGenerator.Generate(5, seed: 7);
        Assert.Equal(a.Jpeg, b.Jpeg);
        Assert.Equal(a.Caption, b.Caption);
    }

    [Fact]
    public void Generate_ManyScenes_AreDecodableAndVaried()
    {
        var scenes = Enumerable.Range(0, 40).Select(i => SceneGenerator.Generate(i, seed: 7)).ToList();
        foreach (var scene in scenes)
        {
            var info = Image.Identify(scene.Jpeg);
            Assert.Equal((320, 240), (info.Width, info.Height));
            Assert.Matches("(sun|moon)", scene.Caption);
        }

        Assert.True(scenes.Select(s => s.Caption).Distinct().Count() >= 20, "captions should vary across scenes");
        Assert.Contains(scenes, s => s.Caption.Contains("boat", StringComparison.Ordinal));
        Assert.Contains(scenes, s => s.Caption.Contains("house", StringComparison.Ordinal));
    }
}
