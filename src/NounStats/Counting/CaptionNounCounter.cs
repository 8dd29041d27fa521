using System.Runtime.InteropServices;
using DataForge.NounStats.Tagging;
using DataForge.NounStats.Text;

namespace DataForge.NounStats.Counting;

/// <summary>
/// Counts the nouns of captions into a <see cref="NounTally"/>: normalize, tokenize, tag, key, count. One instance
/// per thread (it owns reusable buffers and a cache of noun keys); after warm-up it allocates only for noun forms
/// not seen before.
/// </summary>
internal sealed class CaptionNounCounter
{
    private readonly PosTagger _tagger;
    private readonly NounCountingSettings _settings;
    private readonly SentenceDecoder _decoder;
    private readonly bool[] _counts;
    private readonly NounKeyCache _keys = new();
    private readonly List<Token> _tokens = new(256);
    private byte[] _tags = new byte[256];
    private char[] _buffer = new char[256];

    public CaptionNounCounter(PosTagger tagger, NounCountingSettings settings)
    {
        _tagger = tagger;
        _settings = settings;
        _decoder = new SentenceDecoder(tagger.Model);
        _counts = settings.Definition == NounDefinition.All ? tagger.Model.Tags.IsNoun : tagger.Model.Tags.IsCommonNoun;
    }

    /// <summary>Counts one caption (null or empty counts as a caption with no nouns).</summary>
    /// <returns>The caption's noun and word counts.</returns>
    public (int Nouns, int Tokens) Count(string? caption, NounTally tally)
    {
        var (nouns, tokens) = Process(caption, tally, null, null, out _);
        tally.AddCaption(nouns, tokens);
        return (nouns, tokens);
    }

    /// <summary>Lists the noun keys of one caption, in order, without touching a tally.</summary>
    public void CollectNouns(string? caption, List<string> nouns) => Process(caption, null, nouns, null, out _);

    /// <summary>Lists the nouns of one caption with their places, without touching a tally.</summary>
    /// <returns>The normalized caption, which the matches' offsets refer to.</returns>
    public string FindNouns(string? caption, List<NounMatch> matches)
    {
        Process(caption, null, null, matches, out var text);
        return text;
    }

    private (int Nouns, int Tokens) Process(string? caption, NounTally? tally, List<string>? keys, List<NounMatch>? matches, out string text)
    {
        if (string.IsNullOrEmpty(caption))
        {
            text = string.Empty;
            return (0, 0);
        }

        text = UdTokenizer.Normalize(caption, _settings.Normalization);
        if (_settings.WebText)
        {
            text = WebText.Clean(text);
        }

        _tokens.Clear();
        UdTokenizer.Instance.Tokenize(text.AsSpan(), _tokens);
        if (_tokens.Count == 0)
        {
            return (0, 0);
        }

        if (_tags.Length < _tokens.Count)
        {
            _tags = new byte[Math.Max(_tokens.Count, _tags.Length * 2)];
        }

        var tags = _tags.AsSpan(0, _tokens.Count);
        PosTagger.TagTokens(_decoder, text, _tokens, tags);
        var nouns = 0;
        var tokens = CollectionsMarshal.AsSpan(_tokens);
        var isCommon = _tagger.Model.Tags.IsCommonNoun;
        for (var i = 0; i < tokens.Length; i++)
        {
            var tag = tags[i];
            if (!_counts[tag])
            {
                continue;
            }

            var word = text.AsSpan(tokens[i].Start, tokens[i].Length);
            if (!HasLetterOrDigit(word))
            {
                // Alt-text debris such as "" or "|" sometimes gets a noun tag; it is not a noun concept.
                continue;
            }

            if (!_settings.CodesAsNouns && WebText.IsCodeOrMeasurement(word))
            {
                continue;
            }

            var key = MakeKey(word, isCommon[tag]);
            nouns++;
            tally?.AddNoun(key);
            keys?.Add(key);
            matches?.Add(new NounMatch(tokens[i].Start, tokens[i].Length, key, !isCommon[tag]));
        }

        return (nouns, tokens.Length);
    }

    private string MakeKey(ReadOnlySpan<char> word, bool isCommonNoun)
    {
        if (!_keys.TryGet(word, isCommonNoun, out var key))
        {
            key = ComputeKey(word, isCommonNoun).ToString();
            _keys.Add(word, isCommonNoun, key);
        }

        return key;
    }

    private ReadOnlySpan<char> ComputeKey(ReadOnlySpan<char> word, bool isCommonNoun)
    {
        if (_buffer.Length < word.Length)
        {
            _buffer = new char[Math.Max(word.Length, _buffer.Length * 2)];
        }

        if (_settings.KeyForm != NounKeyForm.Surface && isCommonNoun)
        {
            return _tagger.Lemmatizer.Lemmatize(word, _buffer);
        }

        if (_settings.KeyForm == NounKeyForm.LemmaAll)
        {
            return _tagger.Lemmatizer.LemmatizeProperNoun(word, _buffer);
        }

        var length = word.ToLowerInvariant(_buffer);
        return _buffer.AsSpan(0, length);
    }

    private static bool HasLetterOrDigit(ReadOnlySpan<char> word)
    {
        foreach (var c in word)
        {
            if (char.IsLetterOrDigit(c))
            {
                return true;
            }
        }

        return false;
    }
}
