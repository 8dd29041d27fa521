namespace DataForge.ShapeWorld.Captioning;

/// <summary>
/// The captioner's training pairs from the shape world: each scene's pixels, its dense gold caption with the count list
/// after the object sentences (<see cref="ShapeWorldGenerator.DenseCaptionCountLast"/>), and its objects for the cell head.
/// </summary>
/// <remarks>
/// With the count list first, every object sentence could copy its shape word from the list, so the image taught
/// shapes only through the hardest sentence; measured in bench/RESULTS.md ("Second attempt").
/// </remarks>
public static class ShapeWorldCaptionPairs
{
    /// <summary>Pairs drawn from a generator by scene index.</summary>
    /// <param name="generator">The scene generator.</param>
    /// <returns>Index → (pixels, count-last dense caption, objects).</returns>
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
