using DataForge.Core.Imaging;

namespace DataForge.ShapeWorld.Tests.World;

public sealed class ShapeWorldGeneratorTests
{
    [Fact]
    public void Generate_SameSeedAndIndex_GivesIdenticalBytesAndCaptions()
    {
        for (var i = 0L; i < 20; i++)
        {
            var a = new ShapeWorldGenerator(7).Generate(i);
            var b = new ShapeWorldGenerator(7).Generate(i);
            Assert.Equal(a.Rgb, b.Rgb);
            Assert.Equal(a.EncodePng(), b.EncodePng());
            Assert.Equal(a.AltText, b.AltText);
            Assert.Equal(a.DenseCaption, b.DenseCaption);
        }
    }

    [Fact]
    public void Generate_DifferentSeeds_GiveDifferentScenes()
    {
        var differentPixels = Enumerable.Range(0, 20).Count(i =>
            !new ShapeWorldGenerator(1).Generate(i).Rgb.AsSpan().SequenceEqual(new ShapeWorldGenerator(2).Generate(i).Rgb));
        var differentCaptions = Enumerable.Range(0, 20).Count(i =>
            new ShapeWorldGenerator(1).Generate(i).DenseCaption != new ShapeWorldGenerator(2).Generate(i).DenseCaption);
        Assert.Equal(20, differentPixels);
        Assert.Equal(20, differentCaptions);
    }

    [Fact]
    public void Generate_DoesNotDependOnCallOrder()
    {
        var generator = new ShapeWorldGenerator(3);
        var forward = Enumerable.Range(0, 10).Select(i => generator.Generate(i).Rgb).ToList();
        var backward = Enumerable.Range(0, 10).Reverse().Select(i => new ShapeWorldGenerator(3).Generate(i).Rgb).Reverse().ToList();
        Assert.Equal(forward, backward);
        Assert.Equal(new ShapeWorldGenerator(3).Generate(ShapeWorldGenerator.HeldOutStart + 5).Rgb, generator.Generate(ShapeWorldGenerator.HeldOutStart + 5).Rgb);
    }

    [Fact]
    public void Generate_ScenesFollowTheWorldsRules()
    {
        var generator = new ShapeWorldGenerator(11);
        var objectCounts = new HashSet<int>();
        var backgrounds = new HashSet<BackgroundKind>();
        var shapes = new HashSet<ShapeKind>();
        for (var i = 0L; i < 300; i++)
        {
            var scene = generator.Generate(i);
            var objects = scene.Graph.Objects;
            objectCounts.Add(objects.Count);
            backgrounds.Add(scene.Graph.Background!.Kind);
            shapes.UnionWith(objects.Select(o => o.Shape));
            Assert.InRange(objects.Count, 1, 5);
            Assert.Equal(objects.Count, objects.Select(o => o.Position).Distinct().Count());
            Assert.All(objects, o => Assert.NotNull(ShapePalette.Find(o.ColorName)));
            Assert.All(objects, o => Assert.InRange(o.CenterX, 0.1, 0.9));
            Assert.Equal(64 * 64 * 3, scene.Rgb.Length);
        }

        Assert.Equal([1, 2, 3, 4, 5], objectCounts.Order());
        Assert.Equal(3, backgrounds.Count);
        Assert.Equal(Enum.GetValues<ShapeKind>().Length, shapes.Count);
    }

    [Fact]
    public void Generate_PaintsEachObjectInItsColourAtItsCentre()
    {
        // The topmost object's centre pixel is its own colour (a ring's centre is its hole, so rings are skipped).
        var generator = new ShapeWorldGenerator(5);
        var checkedObjects = 0;
        for (var i = 0L; i < 50; i++)
        {
            var scene = generator.Generate(i);
            var top = scene.Graph.Objects.MaxBy(o => o.Depth)!;
            if (top.Shape is ShapeKind.Ring or ShapeKind.Star or ShapeKind.Cross)
            {
                continue;
            }

            var (x, y) = ((int)(top.CenterX * 64), (int)(top.CenterY * 64));
            var p = ((y * 64) + x) * 3;
            var c = ShapePalette.Find(top.ColorName)!;
            Assert.True(Math.Abs(scene.Rgb[p] - c.R) <= 2 && Math.Abs(scene.Rgb[p + 1] - c.G) <= 2 && Math.Abs(scene.Rgb[p + 2] - c.B) <= 2, $"scene {i}: {top} at ({x},{y})");
            checkedObjects++;
        }

        Assert.True(checkedObjects > 20);
    }

    [Fact]
    public void EncodePng_DecodesToThePixels()
    {
        var scene = new ShapeWorldGenerator(9).Generate(0);
        using var decoded = UntrustedImageDecoder.Decode(scene.EncodePng(), ImageDecodeLimits.Default);
        Assert.True(decoded.Succeeded, decoded.Error);
        Assert.Equal((64, 64), (decoded.Image!.Width, decoded.Image.Height));
        Assert.Equal(scene.Rgb, decoded.Image.CopyRgb24().Data);
    }
}
