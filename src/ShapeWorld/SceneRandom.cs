namespace DataForge.ShapeWorld;

/// <summary>
/// SplitMix64, keyed by (seed, index, stream): a scene is a pure function of its key, whatever was generated before,
/// and the caption streams are separate from the drawing stream so rewording a caption never moves a shape.
/// </summary>
internal sealed class SceneRandom
{
    private ulong _state;

    /// <summary>Creates the generator for one key.</summary>
    /// <param name="seed">The world seed.</param>
    /// <param name="index">The scene index.</param>
    /// <param name="stream">Which use: drawing, dense caption, alt-text.</param>
    public SceneRandom(int seed, long index, int stream)
    {
        _state = Mix((ulong)(uint)seed * 0x9E3779B97F4A7C15UL);
        _state = Mix(_state ^ (ulong)index);
        _state = Mix(_state ^ ((ulong)stream * 0xD1B54A32D192ED03UL));
    }

    /// <summary>Next value in [0, 1).</summary>
    /// <returns>The value.</returns>
    public double NextDouble() => (Next64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Next value in [0, <paramref name="count"/>).</summary>
    /// <param name="count">Exclusive bound, at least 1.</param>
    /// <returns>The value.</returns>
    public int Next(int count) => (int)(NextDouble() * count);

    /// <summary>Next value in [<paramref name="min"/>, <paramref name="max"/>).</summary>
    /// <param name="min">Inclusive bound.</param>
    /// <param name="max">Exclusive bound.</param>
    /// <returns>The value.</returns>
    public double Range(double min, double max) => min + (NextDouble() * (max - min));

    /// <summary>Whether an event of probability <paramref name="p"/> happens.</summary>
    /// <param name="p">The probability.</param>
    /// <returns><see langword="true"/> with probability <paramref name="p"/>.</returns>
    public bool Chance(double p) => NextDouble() < p;

    /// <summary>A uniformly chosen item.</summary>
    /// <typeparam name="T">Item type.</typeparam>
    /// <param name="items">The items, at least one.</param>
    /// <returns>The item.</returns>
    public T Pick<T>(IReadOnlyList<T> items) => items[Next(items.Count)];

    private ulong Next64()
    {
        _state += 0x9E3779B97F4A7C15UL;
        return Mix(_state);
    }

    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
