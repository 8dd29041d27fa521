using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace DataForge.NounStats.Tagging;

/// <summary>
/// Score rows precomputed at load time for the word forms the model knows well: per form, the summed weights of the
/// features that depend only on that form, once for each position it can hold in the ±2 window (the word itself,
/// previous, two back, next, two ahead). A known word then costs one sequential row read per position instead of 3–11
/// random probes into the several-MB weight table. The weights are integers, so a row sum equals the sum of its
/// probes in any order, and each stored row differs from that sum only by a constant shared by all tags: the tags are
/// exactly those of the unsummed path. Derived from the loaded model, never stored, so the model file does not change.
/// </summary>
internal sealed class WordRowTable
{
    public const int Self = 0;
    public const int AsPrevious = 1;
    public const int AsPrevious2 = 2;
    public const int AsNext = 3;
    public const int AsNext2 = 4;
    private const int RowsPerWord = 5;
    private const int CacheLine = 64;
    private const byte NoTag = byte.MaxValue;

    // The history rows grow with the square of the tag count: 4.3 MiB for EWT's 102 tags, 64.5 MB for 250. Past this
    // a model keeps probing its history features.
    private const long MaxHistoryRowBytes = 16L << 20;

    // Word ids start at 1 so that a default WordFeatures.Row (0) means "not in the table".
    private readonly Dictionary<ulong, int> _ids;
    private readonly WordFeatures[] _words;
    private readonly byte[] _dictionaryTags;
    // Row sums are stored in 16 bits, each row shifted by its own constant (the same for every tag, so the argmax is
    // unchanged): half the memory of int rows, which matters because the tables are larger than L2 and share L3.
    // They are widened to int when added; a row whose range does not fit in 16 bits is never stored (Build).
    private readonly short[] _rows;

    // One row per (previous tag, tag two back) pair, the start marker as tag index TagCount.
    private readonly short[] _historyRows;
    private readonly int _tagCount;

    private WordRowTable(Dictionary<ulong, int> ids, WordFeatures[] words, byte[] dictionaryTags, short[] rows, short[] historyRows, int tagCount, int stride, WordFeatures start, WordFeatures end)
    {
        _historyRows = historyRows;
        _tagCount = tagCount;
        _ids = ids;
        _words = words;
        _dictionaryTags = dictionaryTags;
        _rows = rows;
        Stride = stride;
        Start = start;
        End = end;
    }

    /// <summary>Gets the row length: the tag count rounded up to whole 256-bit vectors of 16-bit values (the padding stays zero).</summary>
    public int Stride { get; }

    /// <summary>Gets the number of forms with rows (sentence boundaries included).</summary>
    public int Count => _words.Length - 1;

    /// <summary>Gets the bytes the rows take.</summary>
    public long RowBytes => ((long)_rows.Length + _historyRows.Length) * sizeof(short);

    /// <summary>Gets the boundary before a sentence, with its row id.</summary>
    public WordFeatures Start { get; }

    /// <summary>Gets the boundary after a sentence, with its row id.</summary>
    public WordFeatures End { get; }

    /// <summary>
    /// Builds rows for <paramref name="forms"/> (duplicates ignored) from <paramref name="model"/>'s weights. A form
    /// with a row whose tag scores span more than 16 bits gets no rows and keeps the probe path, so the tags stay exact.
    /// </summary>
    public static WordRowTable Build(TaggerModel model, IEnumerable<string> forms)
    {
        var tagCount = model.Tags.Count;
        var stride = (model.Tags.Count + Vector256<short>.Count - 1) / Vector256<short>.Count * Vector256<short>.Count;
        var words = new List<WordFeatures> { default };
        var ids = new Dictionary<ulong, int>();
        var rows = new List<short>(RowsPerWord * stride * 1024);
        rows.AddRange(new short[RowsPerWord * stride]);
        var sums = new int[RowsPerWord * stride];
        foreach (var form in forms)
        {
            var features = default(WordFeatures);
            WordFeatures.Compute(form, ref features);
            features.Ambiguity = model.AmbiguityOf(features.Word);
            if (form.Length > 0 && !ids.ContainsKey(features.Exact) && TryAdd(ref features))
            {
                ids.Add(features.Exact, features.Row);
            }
        }

        // A boundary that gets no rows keeps Row 0 and is probed like any unknown word.
        var start = WordFeatures.Start;
        var end = WordFeatures.End;
        TryAdd(ref start);
        TryAdd(ref end);
        var dictionaryTags = new byte[words.Count];
        for (var id = 1; id < words.Count; id++)
        {
            dictionaryTags[id] = model.TryLookupTag(words[id].Exact, out var tag) ? tag : NoTag;
        }

        var historyLength = (long)(tagCount + 1) * (tagCount + 1) * stride;
        var historyRows = historyLength * sizeof(short) <= MaxHistoryRowBytes ? new short[historyLength] : [];
        var history = new int[stride];
        Span<uint> keys = stackalloc uint[FeatureTemplates.MaxFeatures];
        for (var t1 = 0; historyRows.Length > 0 && t1 <= tagCount; t1++)
        {
            for (var t2 = 0; t2 <= tagCount; t2++)
            {
                Array.Clear(history);
                var n = FeatureTemplates.ExtractHistory(HistoryTag(t1, tagCount), HistoryTag(t2, tagCount), keys, 0);
                model.Score(keys[..n], history);
                if (!TryCentre(history, tagCount))
                {
                    // One pair out of range: every pair keeps probing, rather than a per-pair flag in the hot loop.
                    historyRows = [];
                    break;
                }

                var at = ((t1 * (tagCount + 1)) + t2) * stride;
                for (var t = 0; t < stride; t++)
                {
                    historyRows[at + t] = (short)history[t];
                }
            }
        }

        return new WordRowTable(ids, [.. words], dictionaryTags, [.. rows], historyRows, tagCount, stride, start, end);

        bool TryAdd(ref WordFeatures features)
        {
            Array.Clear(sums);
            Span<uint> probe = stackalloc uint[FeatureTemplates.MaxFeatures];
            model.Score(probe[..FeatureTemplates.ExtractSelf(features, probe, 0)], sums.AsSpan(Self * stride, stride));
            model.Score(probe[..FeatureTemplates.ExtractAsPrevious(features, probe, 0)], sums.AsSpan(AsPrevious * stride, stride));
            model.Score(probe[..FeatureTemplates.ExtractAsPrevious2(features, probe, 0)], sums.AsSpan(AsPrevious2 * stride, stride));
            model.Score(probe[..FeatureTemplates.ExtractAsNext(features, probe, 0)], sums.AsSpan(AsNext * stride, stride));
            model.Score(probe[..FeatureTemplates.ExtractAsNext2(features, probe, 0)], sums.AsSpan(AsNext2 * stride, stride));
            for (var position = 0; position < RowsPerWord; position++)
            {
                if (!TryCentre(sums.AsSpan(position * stride, stride), tagCount))
                {
                    return false;
                }
            }

            features.Row = words.Count;
            words.Add(features);
            foreach (var sum in sums)
            {
                rows.Add((short)sum);
            }

            return true;
        }
    }

    // Subtracts one constant from a row's tag scores so that they fit in 16 bits, or returns false when their range
    // is too wide. The decoder only compares scores across tags, and every tag gets the same constant, so the
    // chosen tag (ties included) is the one the unshifted sums give; the padding stays zero.
    private static bool TryCentre(Span<int> row, int tagCount)
    {
        var tags = row[..tagCount];
        long min = int.MaxValue, max = int.MinValue;
        foreach (var v in tags)
        {
            min = Math.Min(min, v);
            max = Math.Max(max, v);
        }

        if (max - min > ushort.MaxValue)
        {
            return false;
        }

        var shift = (int)(min - short.MinValue);
        foreach (ref var v in tags)
        {
            v -= shift;
        }

        return true;
    }

    /// <summary>Finds a form by its <see cref="WordFeatures.Exact"/> hash; on success <paramref name="features"/> is complete, row id included.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryGet(ulong exact, out WordFeatures features)
    {
        if (_ids.TryGetValue(exact, out var id))
        {
            features = _words[id];
            return true;
        }

        features = default;
        return false;
    }

    /// <summary>Gets the tag-dictionary tag of a known word, as <see cref="TaggerModel.TryLookupTag"/> would.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryLookupTag(int id, out byte tag)
    {
        tag = _dictionaryTags[id];
        return tag != NoTag;
    }

    /// <summary>Gets whether the tag-history features have rows (<see cref="AddHistory"/>); false for very large tag sets.</summary>
    public bool HasHistoryRows => _historyRows.Length > 0;

    /// <summary>Adds the row of the tag history features (<see cref="FeatureTemplates.ExtractHistory"/>) to <paramref name="scores"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void AddHistory(int prev, int prev2, Span<int> scores)
    {
        var i1 = prev == FeatureTemplates.StartTag ? _tagCount : prev;
        var i2 = prev2 == FeatureTemplates.StartTag ? _tagCount : prev2;
        AddRow(_historyRows, ((i1 * (_tagCount + 1)) + i2) * Stride, scores);
    }

    /// <summary>
    /// Adds row <paramref name="position"/> of word <paramref name="id"/> to <paramref name="scores"/> (at least
    /// <see cref="Stride"/> long): the features' summed weights minus a constant that is the same for every tag, so
    /// only comparisons between tags are meaningful afterwards.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Add(int id, int position, Span<int> scores)
    {
        AddRow(_rows, RowAt(id, position, Stride), scores);
    }

    /// <summary>
    /// Asks the CPU to start loading all rows of word <paramref name="id"/> into cache, a few words before the decoder
    /// reaches it: its first use as the word two ahead would otherwise wait for memory (the table is larger than L2).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public unsafe void Prefetch(int id)
    {
        if (!Sse.IsSupported)
        {
            return;
        }

        ref var start = ref _rows[RowAt(id, 0, Stride)];
        var bytes = RowsPerWord * Stride * sizeof(short);
        for (var offset = 0; offset < bytes; offset += CacheLine)
        {
            // A hint only: if the array moved, the CPU loads a useless line and nothing else happens.
            Sse.Prefetch0(Unsafe.AsPointer(ref Unsafe.AddByteOffset(ref start, offset)));
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void AddRow(short[] rows, int at, Span<int> scores)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(scores.Length, Stride, nameof(scores));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(at, rows.Length - Stride, nameof(at));
        ref var row = ref rows[at];
        ref var score = ref MemoryMarshal.GetReference(scores);
        for (var t = 0; t < Stride; t += Vector256<short>.Count)
        {
            var (lower, upper) = Vector256.Widen(Vector256.LoadUnsafe(ref row, (nuint)t));
            (Vector256.LoadUnsafe(ref score, (nuint)t) + lower).StoreUnsafe(ref score, (nuint)t);
            (Vector256.LoadUnsafe(ref score, (nuint)(t + Vector256<int>.Count)) + upper).StoreUnsafe(ref score, (nuint)(t + Vector256<int>.Count));
        }
    }

    private static int HistoryTag(int index, int tagCount) => index == tagCount ? FeatureTemplates.StartTag : index;

    private static int RowAt(int id, int position, int stride) => ((id * RowsPerWord) + position) * stride;
}
