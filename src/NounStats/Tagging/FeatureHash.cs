using System.Runtime.CompilerServices;

namespace DataForge.NounStats.Tagging;

/// <summary>
/// The integer hashing behind the tagger's features. It must never change without retraining: the shipped model
/// stores hashed feature keys.
/// </summary>
internal static class FeatureHash
{
    public const ulong Seed = 14695981039346656037UL;
    private const ulong Prime = 1099511628211UL;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Mix(ulong h)
    {
        h ^= h >> 33;
        h *= 0xff51afd7ed558ccdUL;
        h ^= h >> 33;
        h *= 0xc4ceb9fe1a85ec53UL;
        h ^= h >> 33;
        return h;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Add(ulong h, char c) => (h ^ c) * Prime;

    /// <summary>Hashes characters lower-cased (invariant), so hashes match across casing.</summary>
    public static ulong Lower(ReadOnlySpan<char> s)
    {
        var h = Seed;
        foreach (var c in s)
        {
            h = Add(h, c < 128 ? (char)(c is >= 'A' and <= 'Z' ? c + 32 : c) : char.ToLowerInvariant(c));
        }

        return Mix(h);
    }

    /// <summary>Hashes characters exactly.</summary>
    public static ulong Exact(ReadOnlySpan<char> s)
    {
        var h = Seed ^ 0x5bd1e995UL;
        foreach (var c in s)
        {
            h = Add(h, c);
        }

        return Mix(h);
    }

    /// <summary>Combines a template id with one value into a 32-bit feature key.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Feature(int template, ulong value) =>
        (uint)Mix(value + ((ulong)(uint)template * 0x9E3779B97F4A7C15UL));

    /// <summary>Combines a template id with two values into a 32-bit feature key.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Feature(int template, ulong a, ulong b) =>
        (uint)Mix(a ^ Mix(b + ((ulong)(uint)template * 0x9E3779B97F4A7C15UL)));
}
