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
    private uint[] _features = new uint[FeatureTemplates.MaxFeatures];
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
        var prev = FeatureTemplates.StartTag;
        var prev2 = FeatureTemplates.StartTag;
        var features = _features.AsSpan();
        var scores = _scores.AsSpan();
        for (var i = 0; i < tags.Length; i++)
        {
            byte tag;
            if (_rows is not null)
            {
                // Word i + 3 enters the window next; its rows (all five positions, contiguous) load meanwhile.
                if (i + 5 < words.Length && words[i + 5].Row != 0)
                {
                    _rows.Prefetch(words[i + 5].Row);
                }

                tag = DecodeWithRows(_rows, words, i, prev, prev2);
            }
            else if (!_model.TryLookupTag(words[i + 2].Exact, out tag))
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

    // Same scores as the Extract path: rows for the window positions held by known words, probes for the rest.
    private byte DecodeWithRows(WordRowTable rows, ReadOnlySpan<WordFeatures> words, int i, int prev, int prev2)
    {
        ref readonly var w = ref words[i + 2];
        if (w.Row != 0 ? rows.TryLookupTag(w.Row, out var tag) : _model.TryLookupTag(w.Exact, out tag))
        {
            return tag;
        }

        var features = _features.AsSpan();
        var scores = _scores.AsSpan();
        scores.Clear();
        var n = 0;
        n = w.Row != 0 ? Add(rows, w.Row, WordRowTable.Self, scores, n) : FeatureTemplates.ExtractSelf(w, features, n);
        ref readonly var wm1 = ref words[i + 1];
        n = wm1.Row != 0 ? Add(rows, wm1.Row, WordRowTable.AsPrevious, scores, n) : FeatureTemplates.ExtractAsPrevious(wm1, features, n);
        ref readonly var wm2 = ref words[i];
        n = wm2.Row != 0 ? Add(rows, wm2.Row, WordRowTable.AsPrevious2, scores, n) : FeatureTemplates.ExtractAsPrevious2(wm2, features, n);
        ref readonly var wp1 = ref words[i + 3];
        n = wp1.Row != 0 ? Add(rows, wp1.Row, WordRowTable.AsNext, scores, n) : FeatureTemplates.ExtractAsNext(wp1, features, n);
        ref readonly var wp2 = ref words[i + 4];
        n = wp2.Row != 0 ? Add(rows, wp2.Row, WordRowTable.AsNext2, scores, n) : FeatureTemplates.ExtractAsNext2(wp2, features, n);
        if (rows.HasHistoryRows)
        {
            rows.AddHistory(prev, prev2, scores);
        }
        else
        {
            n = FeatureTemplates.ExtractHistory(prev, prev2, features, n);
        }

        n = FeatureTemplates.ExtractContext(words, i, prev, prev2, features, n);
        _model.Score(features[..n], scores);
        return (byte)ArgMax(scores[.._model.Tags.Count]);
    }

    private static int Add(WordRowTable rows, int id, int position, Span<int> scores, int n)
    {
        rows.Add(id, position, scores);
        return n;
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
