namespace DataForge.ShapeWorld;

/// <summary>
/// Generates shape-world scenes. Scene <c>i</c> of seed <c>s</c> depends only on <c>(s, i)</c>, never on which
/// scenes were generated before, so any subset or split can be made lazily and in any order: by convention training
/// uses indices from 0 and held-out sets start at <see cref="HeldOutStart"/>.
/// </summary>
public sealed class ShapeWorldGenerator
{
    /// <summary>First index of the conventional held-out range.</summary>
    public const long HeldOutStart = 10_000_000;

    /// <summary>Most objects a scene holds.</summary>
    public const int MaxObjects = 5;

    private readonly int _seed;

    /// <summary>Creates a generator.</summary>
    /// <param name="seed">The seed.</param>
    public ShapeWorldGenerator(int seed) => _seed = seed;

    /// <summary>Gets the seed.</summary>
    public int Seed => _seed;

    /// <summary>Generates scene <paramref name="index"/>.</summary>
    /// <param name="index">The scene index, 0 or more.</param>
    /// <returns>The scene.</returns>
    public ShapeWorldScene Generate(long index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);

        // Separate streams for layout and each caption, so changing a caption's wording never moves a pixel.
        var layout = Stream(index, 0);
        var graph = Layout(layout, out var horizon);
        var rgb = ShapeRenderer.Render(graph, horizon);
        var dense = DenseCaptionWriter.Write(graph, Stream(index, 1));
        var alt = AltTextWriter.Write(graph, Stream(index, 2));
        return new ShapeWorldScene(index, graph, rgb, alt, dense);
    }

    private static SceneGraph Layout(Random random, out double horizon)
    {
        var bgColors = ShapePalette.BackgroundColors;
        var first = random.Next(bgColors.Count);
        var second = (first + 1 + random.Next(bgColors.Count - 1)) % bgColors.Count;
        var kind = (BackgroundKind)random.Next(3);
        var background = new SceneBackground(kind, bgColors[first].Name, kind == BackgroundKind.Plain ? bgColors[first].Name : bgColors[second].Name);
        horizon = 0.5 + (random.NextDouble() * 0.2);

        // Each object gets its own cell of the 3×3 grid, its centre jittered around the cell's middle but kept away
        // from cell borders: positions and relations are then unambiguous, and neighbours may still overlap.
        var count = 1 + random.Next(MaxObjects);
        var cells = Enumerable.Range(0, 9).ToArray();
        random.Shuffle(cells);
        var objects = new List<SceneObject>(count);
        for (var i = 0; i < count; i++)
        {
            var shape = (ShapeKind)random.Next(Enum.GetValues<ShapeKind>().Length);
            var color = ShapePalette.Colors[random.Next(ShapePalette.Colors.Count)].Name;
            var size = (ShapeSize)random.Next(2);
            var x = 0.2 + (0.3 * (cells[i] % 3)) + ((random.NextDouble() - 0.5) * 0.14);
            var y = 0.2 + (0.3 * (cells[i] / 3)) + ((random.NextDouble() - 0.5) * 0.14);
            objects.Add(new SceneObject(shape, color, size, x, y, i));
        }

        return new SceneGraph(background, objects);
    }

    /// <summary>The scene's dense caption with the count list after the object sentences (same phrasings).</summary>
    /// <param name="scene">A scene this generator made.</param>
    /// <returns>The caption.</returns>
    public string DenseCaptionCountLast(ShapeWorldScene scene) => DenseCaptionWriter.Write(scene.Graph, Stream(scene.Index, 1), countLast: true);

    private Random Stream(long index, int stream)
    {
        // SplitMix64's finaliser over (seed, index), then the stream; not HashCode.Combine, which is randomised per process.
        var z = Mix(Mix(((ulong)(uint)_seed << 32) ^ (ulong)index) + (ulong)stream);
        return new Random((int)(z & 0x7FFFFFFF));
    }

    private static ulong Mix(ulong z)
    {
        z = unchecked(z + 0x9E3779B97F4A7C15UL);
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        return z ^ (z >> 31);
    }
}
