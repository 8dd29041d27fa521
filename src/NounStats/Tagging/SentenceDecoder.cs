using System.Runtime.CompilerServices;

namespace DataForge.NounStats.Tagging;

/// <summary>
/// Greedy left-to-right decoding of one sentence with a <see cref="TaggerModel"/>. Holds reusable buffers, so one
/// instance per thread; nothing is allocated per word once the buffers have grown.
/// </summary>
internal sealed class SentenceDecoder
{
    private readonly TaggerModel _model;
    private readonly WordRowTable? _rows;
    private readonly int[] _scores;
    private readonly uint[] _features = new uint[FeatureTemplates.MaxFeatures];
    private readonly uint[] _nextFeatures = new uint[FeatureTemplates.MaxFeatures];
    private WordFeatures[] _words = new WordFeatures[64];

    public SentenceDecoder(TaggerModel model)
    {
        _model = model;
        _rows = model.WordRows;
        _scores = new int[_rows?.Stride ?? model.Tags.Count];
    }

    /// <summary>Computes padded word features for a sentence given as character ranges of <paramref name="text"/>.</summary>
    public Span<WordFeatures> Prepare(ReadOnlySpan<char> text, ReadOnlySpan<Text.Token> tokens)
    {
        var words = Ensure(tokens.Length);
        for (var i = 0; i < tokens.Length; i++)
        {
            Compute(text.Slice(tokens[i].Start, tokens[i].Length), ref words[i + 2]);
        }

        Pad(words, tokens.Length);
        return words;
    }

    /// <summary>Computes padded word features for a sentence of separate word strings.</summary>
    public Span<WordFeatures> Prepare(IReadOnlyList<string> forms)
    {
        var words = Ensure(forms.Count);
        for (var i = 0; i < forms.Count; i++)
        {
            Compute(forms[i], ref words[i + 2]);
        }

        Pad(words, forms.Count);
        return words;
    }

    // A word with precomputed rows is copied whole; the others get their hashes and ambiguity class computed.
    private void Compute(ReadOnlySpan<char> word, ref WordFeatures features)
    {
        if (_rows is null || !_rows.TryGet(FeatureHash.Exact(word), out features))
        {
            WordFeatures.Compute(word, ref features);
            features.Ambiguity = _model.AmbiguityOf(features.Word);
            features.Row = 0;
        }
    }

    /// <summary>Tags the sentence last prepared, writing tag indices to <paramref name="tags"/>.</summary>
    public void Decode(ReadOnlySpan<WordFeatures> words, Span<byte> tags)
    {
        if (_rows is not null)
        {
            DecodeWithRows(_rows, words, tags);
            return;
        }

        var prev = FeatureTemplates.StartTag;
        var prev2 = FeatureTemplates.StartTag;
        var features = _features.AsSpan();
        var scores = _scores.AsSpan();
        for (var i = 0; i < tags.Length; i++)
        {
            if (!_model.TryLookupTag(words[i + 2].Exact, out var tag))
            {
                var count = FeatureTemplates.Extract(words, i, prev, prev2, features);
                scores.Clear();
                _model.Score(features[..count], scores);
                tag = (byte)ArgMax(scores);
            }

            tags[i] = tag;
            prev2 = prev;
            prev = tag;
        }
    }

    // Same scores as the Extract path: rows for the window positions held by known words, probes for the rest. The
    // probes that do not need the previous word's tag are computed one word early and their weights prefetched, so
    // their cache misses overlap the previous word's work instead of stalling this one.
    private void DecodeWithRows(WordRowTable rows, ReadOnlySpan<WordFeatures> words, Span<byte> tags)
    {
        var prev = FeatureTemplates.StartTag;
        var prev2 = FeatureTemplates.StartTag;
        var current = _features.AsSpan();
        var next = _nextFeatures.AsSpan();
        var scores = _scores.AsSpan();
        byte dictionaryTag = 0;
        var count = tags.Length > 0 ? EarlyProbes(rows, words, 0, prev2, current, out dictionaryTag) : 0;
        for (var i = 0; i < tags.Length; i++)
        {
            // Word i + 3 enters the window next; its rows (all five positions, contiguous) load meanwhile.
            if (i + 5 < words.Length && words[i + 5].Row != 0)
            {
                rows.Prefetch(words[i + 5].Row);
            }

            var nextCount = 0;
            byte nextDictionaryTag = 0;
            if (i + 1 < tags.Length)
            {
                // Tag two back for word i + 1 is this word's previous tag, already known.
                nextCount = EarlyProbes(rows, words, i + 1, prev, next, out nextDictionaryTag);
                _model.Prefetch(next[..Math.Max(nextCount, 0)]);
            }

            byte tag;
            if (count < 0)
            {
                tag = dictionaryTag;
            }
            else
            {
                scores.Clear();
                ref readonly var w = ref words[i + 2];
                AddRow(rows, w, WordRowTable.Self, scores);
                AddRow(rows, words[i + 1], WordRowTable.AsPrevious, scores);
                AddRow(rows, words[i], WordRowTable.AsPrevious2, scores);
                AddRow(rows, words[i + 3], WordRowTable.AsNext, scores);
                AddRow(rows, words[i + 4], WordRowTable.AsNext2, scores);
                var n = count;
                if (rows.HasHistoryRows)
                {
                    rows.AddHistory(prev, prev2, scores);
                }
                else
                {
                    n = FeatureTemplates.ExtractHistory(prev, prev2, current, n);
                }

                n = FeatureTemplates.ExtractContextWithPrevious(words, i, prev, prev2, current, n);
                _model.Score(current[..n], scores);
                tag = (byte)ArgMax(scores[.._model.Tags.Count]);
            }

            tags[i] = tag;
            prev2 = prev;
            prev = tag;
            var swap = current;
            current = next;
            next = swap;
            count = nextCount;
            dictionaryTag = nextDictionaryTag;
        }
    }

    // Writes word i's probes that are known before word i - 1 is tagged: the window positions without rows and the
    // context features of ExtractContextBeforePrevious. Returns -1 for a tag-dictionary word, which is not scored.
    private int EarlyProbes(WordRowTable rows, ReadOnlySpan<WordFeatures> words, int i, int prev2, Span<uint> features, out byte dictionaryTag)
    {
        ref readonly var w = ref words[i + 2];
        if (w.Row != 0 ? rows.TryLookupTag(w.Row, out dictionaryTag) : _model.TryLookupTag(w.Exact, out dictionaryTag))
        {
            return -1;
        }

        var n = 0;
        n = w.Row != 0 ? n : FeatureTemplates.ExtractSelf(w, features, n);
        n = words[i + 1].Row != 0 ? n : FeatureTemplates.ExtractAsPrevious(words[i + 1], features, n);
        n = words[i].Row != 0 ? n : FeatureTemplates.ExtractAsPrevious2(words[i], features, n);
        n = words[i + 3].Row != 0 ? n : FeatureTemplates.ExtractAsNext(words[i + 3], features, n);
        n = words[i + 4].Row != 0 ? n : FeatureTemplates.ExtractAsNext2(words[i + 4], features, n);
        return FeatureTemplates.ExtractContextBeforePrevious(words, i, prev2, features, n);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddRow(WordRowTable rows, in WordFeatures word, int position, Span<int> scores)
    {
        if (word.Row != 0)
        {
            rows.Add(word.Row, position, scores);
        }
    }

    public static int ArgMax(ReadOnlySpan<int> scores)
    {
        var best = 0;
        var bestScore = scores[0];
        for (var t = 1; t < scores.Length; t++)
        {
            if (scores[t] > bestScore)
            {
                bestScore = scores[t];
                best = t;
            }
        }

        return best;
    }

    private void Pad(Span<WordFeatures> words, int count)
    {
        var start = _rows?.Start ?? WordFeatures.Start;
        var end = _rows?.End ?? WordFeatures.End;
        words[0] = start;
        words[1] = start;
        words[count + 2] = end;
        words[count + 3] = end;
    }

    private Span<WordFeatures> Ensure(int count)
    {
        if (_words.Length < count + 4)
        {
            _words = new WordFeatures[Math.Max(count + 4, _words.Length * 2)];
        }

        return _words.AsSpan(0, count + 4);
    }
}
