namespace DataForge.NounStats.Tagging;

/// <summary>
/// Greedy left-to-right decoding of one sentence with a <see cref="TaggerModel"/>. Holds reusable buffers, so one
/// instance per thread; nothing is allocated per word once the buffers have grown.
/// </summary>
internal sealed class SentenceDecoder
{
    private readonly TaggerModel _model;
    private readonly int[] _scores;
    private uint[] _features = new uint[FeatureTemplates.MaxFeatures];
    private WordFeatures[] _words = new WordFeatures[64];

    public SentenceDecoder(TaggerModel model)
    {
        _model = model;
        _scores = new int[model.Tags.Count];
    }

    /// <summary>Computes padded word features for a sentence given as character ranges of <paramref name="text"/>.</summary>
    public Span<WordFeatures> Prepare(ReadOnlySpan<char> text, ReadOnlySpan<Text.Token> tokens)
    {
        var words = Ensure(tokens.Length);
        for (var i = 0; i < tokens.Length; i++)
        {
            WordFeatures.Compute(text.Slice(tokens[i].Start, tokens[i].Length), ref words[i + 2]);
            words[i + 2].Ambiguity = _model.AmbiguityOf(words[i + 2].Word);
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
            WordFeatures.Compute(forms[i], ref words[i + 2]);
            words[i + 2].Ambiguity = _model.AmbiguityOf(words[i + 2].Word);
        }

        Pad(words, forms.Count);
        return words;
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

    private static void Pad(Span<WordFeatures> words, int count)
    {
        words[0] = WordFeatures.Start;
        words[1] = WordFeatures.Start;
        words[count + 2] = WordFeatures.End;
        words[count + 3] = WordFeatures.End;
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
