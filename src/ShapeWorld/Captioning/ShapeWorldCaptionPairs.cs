namespace DataForge.ShapeWorld.Captioning;

/// <summary>The captioner's training pairs from the shape world: each scene's pixels, its dense gold caption and its objects.</summary>
public static class ShapeWorldCaptionPairs
{
    /// <summary>Pairs drawn from a generator by scene index.</summary>
    /// <param name="generator">The scene generator.</param>
    /// <returns>Index → (pixels, dense caption).</returns>
    public static Func<long, CaptionedImage> From(ShapeWorldGenerator generator)
    {
        ArgumentNullException.ThrowIfNull(generator);
        return index =>
        {
            var scene = generator.Generate(index);
            return new CaptionedImage(scene.Rgb, generator.DenseCaptionCountLast(scene), scene.Graph.Objects);
        };
    }
}
