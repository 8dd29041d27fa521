using DataForge.Cli.Demo;
using SkiaSharp;

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
            using var codec = SKCodec.Create(new SKMemoryStream(scene.Jpeg));
            Assert.Equal(SKEncodedImageFormat.Jpeg, codec.EncodedFormat);
            Assert.Equal((320, 240), (codec.Info.Width, codec.Info.Height));
            Assert.Matches("(sun|moon)", scene.Caption);
        }

        Assert.True(scenes.Select(s => s.Caption).Distinct().Count() >= 20, "captions should vary across scenes");
        Assert.Contains(scenes, s => s.Caption.Contains("boat", StringComparison.Ordinal));
        Assert.Contains(scenes, s => s.Caption.Contains("house", StringComparison.Ordinal));
    }

    [Fact]
    public void Generate_NightScene_JpegDecodesToTheDrawnSkyColours()
    {
        // Find a night scene (its caption says so), then check the decoded JPEG's top-left sky pixel against the
        // night gradient's top colour (10, 15, 45): the canvas, the encoder and the colour order all line up.
        var night = Enumerable.Range(0, 40).Select(i => SceneGenerator.Generate(i, seed: 7)).First(s => s.Caption.Contains("night sky", StringComparison.Ordinal));
        using var bitmap = SKBitmap.Decode(night.Jpeg);

        var pixel = bitmap.GetPixel(2, 1);
        Assert.InRange(pixel.Red, 4, 16);
        Assert.InRange(pixel.Green, 9, 21);
        Assert.InRange(pixel.Blue, 39, 51);
    }
}
