using System.Runtime.CompilerServices;

namespace DataForge.NounStats.Tagging;

/// <summary>
/// The feature templates: Catalyst's 22 (word, shape and suffix-3 in a ±2 window, tag history and its
/// combinations with the word) plus the "rich" additions measured in the NounStats notes (suffixes 1/2/4,
/// prefixes 1–3, the next word's suffix-2, tag×suffix, tag×next word) and the sentence-initial shape.
/// </summary>
internal static class FeatureTemplates
{
    public const int MaxFeatures = 40;

    /// <summary>Tag value used for history before the start of a sentence.</summary>
    public const int StartTag = 255;

    /// <summary>
    /// Writes the features of word <paramref name="i"/>. <paramref name="words"/> is padded: index <c>i + 2</c> holds
    /// word <c>i</c>, with two boundary entries on each side.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Extract(ReadOnlySpan<WordFeatures> words, int i, int prev, int prev2, Span<uint> features)
    {
        ref readonly var w = ref words[i + 2];
        ref readonly var wm1 = ref words[i + 1];
        ref readonly var wm2 = ref words[i];
        ref readonly var wp1 = ref words[i + 3];
        ref readonly var wp2 = ref words[i + 4];
        var t1 = (ulong)prev;
        var t2 = (ulong)prev2;
        var first = i == 0 ? 1UL : 0UL;
        var n = 0;
        features[n++] = FeatureHash.Feature(0, 0);
        features[n++] = FeatureHash.Feature(1, w.Word);
        features[n++] = FeatureHash.Feature(2, wm1.Word);
        features[n++] = FeatureHash.Feature(3, wp1.Word);
        features[n++] = FeatureHash.Feature(4, wm2.Word);
        features[n++] = FeatureHash.Feature(5, wp2.Word);
        features[n++] = FeatureHash.Feature(6, w.Shape);
        features[n++] = FeatureHash.Feature(7, wm1.Shape);
        features[n++] = FeatureHash.Feature(8, wp1.Shape);
        features[n++] = FeatureHash.Feature(9, wm2.Shape);
        features[n++] = FeatureHash.Feature(10, wp2.Shape);
        features[n++] = FeatureHash.Feature(11, w.Suffix3);
        features[n++] = FeatureHash.Feature(12, wm1.Suffix3);
        features[n++] = FeatureHash.Feature(13, wp1.Suffix3);
        features[n++] = FeatureHash.Feature(14, wm2.Suffix3);
        features[n++] = FeatureHash.Feature(15, wp2.Suffix3);
        features[n++] = FeatureHash.Feature(16, t1);
        features[n++] = FeatureHash.Feature(17, t2);
        features[n++] = FeatureHash.Feature(18, t1, w.Word);
        features[n++] = FeatureHash.Feature(19, t2, w.Word);
        features[n++] = FeatureHash.Feature(20, t1 | (t2 << 8));
        features[n++] = FeatureHash.Feature(21, t1 | (t2 << 8), w.Word);
        features[n++] = FeatureHash.Feature(22, w.Suffix1);
        features[n++] = FeatureHash.Feature(23, w.Suffix2);
        features[n++] = FeatureHash.Feature(24, w.Suffix4);
        features[n++] = FeatureHash.Feature(25, w.Prefix1);
        features[n++] = FeatureHash.Feature(26, w.Prefix2);
        features[n++] = FeatureHash.Feature(27, w.Prefix3);
        features[n++] = FeatureHash.Feature(28, wp1.Suffix2);
        features[n++] = FeatureHash.Feature(29, t1, w.Suffix3);
        features[n++] = FeatureHash.Feature(30, t1, wp1.Word);
        features[n++] = FeatureHash.Feature(31, first, w.Shape);
        features[n++] = FeatureHash.Feature(32, w.Word, wp1.Word);
        features[n++] = FeatureHash.Feature(33, wm1.Word, w.Word);
        features[n++] = FeatureHash.Feature(34, w.Ambiguity);
        features[n++] = FeatureHash.Feature(35, wp1.Ambiguity);
        features[n++] = FeatureHash.Feature(36, wp2.Ambiguity);
        features[n++] = FeatureHash.Feature(37, t1, w.Ambiguity);
        features[n++] = FeatureHash.Feature(38, w.Ambiguity, wp1.Ambiguity);
        return n;
    }

    /// <summary>
    /// Writes the features that depend only on the word itself (bias, word, shape, affixes, ambiguity class), so a
    /// known word's can be summed once at load time. Together with the neighbour and context groups below these are
    /// exactly the features of <see cref="Extract"/>.
    /// </summary>
    public static int ExtractSelf(in WordFeatures w, Span<uint> features, int n)
    {
        features[n++] = FeatureHash.Feature(0, 0);
        features[n++] = FeatureHash.Feature(1, w.Word);
        features[n++] = FeatureHash.Feature(6, w.Shape);
        features[n++] = FeatureHash.Feature(11, w.Suffix3);
        features[n++] = FeatureHash.Feature(22, w.Suffix1);
        features[n++] = FeatureHash.Feature(23, w.Suffix2);
        features[n++] = FeatureHash.Feature(24, w.Suffix4);
        features[n++] = FeatureHash.Feature(25, w.Prefix1);
        features[n++] = FeatureHash.Feature(26, w.Prefix2);
        features[n++] = FeatureHash.Feature(27, w.Prefix3);
        features[n++] = FeatureHash.Feature(34, w.Ambiguity);
        return n;
    }

    /// <summary>Writes the features the word contributes when it is the previous word.</summary>
    public static int ExtractAsPrevious(in WordFeatures w, Span<uint> features, int n) => ExtractWindow(w, 2, 7, 12, features, n);

    /// <summary>Writes the features the word contributes when it is two words back.</summary>
    public static int ExtractAsPrevious2(in WordFeatures w, Span<uint> features, int n) => ExtractWindow(w, 4, 9, 14, features, n);

    /// <summary>Writes the features the word contributes when it is the next word.</summary>
    public static int ExtractAsNext(in WordFeatures w, Span<uint> features, int n)
    {
        n = ExtractWindow(w, 3, 8, 13, features, n);
        features[n++] = FeatureHash.Feature(28, w.Suffix2);
        features[n++] = FeatureHash.Feature(35, w.Ambiguity);
        return n;
    }

    /// <summary>Writes the features the word contributes when it is two words ahead.</summary>
    public static int ExtractAsNext2(in WordFeatures w, Span<uint> features, int n)
    {
        n = ExtractWindow(w, 5, 10, 15, features, n);
        features[n++] = FeatureHash.Feature(36, w.Ambiguity);
        return n;
    }

    /// <summary>Writes the features of the tag history alone, so each (previous, two back) pair's can be summed at load time.</summary>
    public static int ExtractHistory(int prev, int prev2, Span<uint> features, int n)
    {
        var t1 = (ulong)prev;
        var t2 = (ulong)prev2;
        features[n++] = FeatureHash.Feature(16, t1);
        features[n++] = FeatureHash.Feature(17, t2);
        features[n++] = FeatureHash.Feature(20, t1 | (t2 << 8));
        return n;
    }

    /// <summary>Writes the features that combine the tag history with the word, the position or two words.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int ExtractContext(ReadOnlySpan<WordFeatures> words, int i, int prev, int prev2, Span<uint> features, int n)
    {
        n = ExtractContextBeforePrevious(words, i, prev2, features, n);
        return ExtractContextWithPrevious(words, i, prev, prev2, features, n);
    }

    /// <summary>
    /// Writes the context features known before the previous word is tagged (the tag two back with the word, the
    /// position, word pairs, ambiguity pairs), so the decoder can compute and prefetch them one word early.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int ExtractContextBeforePrevious(ReadOnlySpan<WordFeatures> words, int i, int prev2, Span<uint> features, int n)
    {
        ref readonly var w = ref words[i + 2];
        ref readonly var wm1 = ref words[i + 1];
        ref readonly var wp1 = ref words[i + 3];
        var first = i == 0 ? 1UL : 0UL;
        features[n++] = FeatureHash.Feature(19, (ulong)prev2, w.Word);
        features[n++] = FeatureHash.Feature(31, first, w.Shape);
        features[n++] = FeatureHash.Feature(32, w.Word, wp1.Word);
        features[n++] = FeatureHash.Feature(33, wm1.Word, w.Word);
        features[n++] = FeatureHash.Feature(38, w.Ambiguity, wp1.Ambiguity);
        return n;
    }

    /// <summary>Writes the context features that need the previous word's tag.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int ExtractContextWithPrevious(ReadOnlySpan<WordFeatures> words, int i, int prev, int prev2, Span<uint> features, int n)
    {
        ref readonly var w = ref words[i + 2];
        ref readonly var wp1 = ref words[i + 3];
        var t1 = (ulong)prev;
        var t2 = (ulong)prev2;
        features[n++] = FeatureHash.Feature(18, t1, w.Word);
        features[n++] = FeatureHash.Feature(21, t1 | (t2 << 8), w.Word);
        features[n++] = FeatureHash.Feature(29, t1, w.Suffix3);
        features[n++] = FeatureHash.Feature(30, t1, wp1.Word);
        features[n++] = FeatureHash.Feature(37, t1, w.Ambiguity);
        return n;
    }

    // The word, shape and suffix-3 templates every window position has, under that position's template ids.
    private static int ExtractWindow(in WordFeatures w, int word, int shape, int suffix3, Span<uint> features, int n)
    {
        features[n++] = FeatureHash.Feature(word, w.Word);
        features[n++] = FeatureHash.Feature(shape, w.Shape);
        features[n++] = FeatureHash.Feature(suffix3, w.Suffix3);
        return n;
    }
}
