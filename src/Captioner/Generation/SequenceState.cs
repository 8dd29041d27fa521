using DataForge.Captioner.Models;

namespace DataForge.Captioner.Generation;

/// <summary>One row's generation in progress: its tokens, its random stream and whether and why it finished.</summary>
internal sealed class SequenceState
{
    // Stop strings are searched in the decoded tail only; a window this long covers any sane stop string.
    private const int StopWindowTokens = 24;

    private readonly GenerationOptions _options;
    private readonly ICaptionTokenizer? _tokenizer;
    private readonly IReadOnlySet<long> _eos;
    private readonly HashSet<long> _stopTokens;
    private readonly Random? _random;
    private readonly List<long> _tokens = [];
    private readonly int _maxNewTokens;

    public SequenceState(string key, GenerationOptions options, IReadOnlySet<long> eos, ICaptionTokenizer? tokenizer, int? maxNewTokens = null)
    {
        _maxNewTokens = Math.Min(maxNewTokens ?? options.MaxNewTokens, options.MaxNewTokens);
        _options = options;
        _tokenizer = tokenizer;
        _eos = eos;
        _stopTokens = [.. options.StopTokenIds];
        _random = options.Sampling ? new Random(StableSeed(options.Seed, key)) : null;
    }

    public bool Finished { get; private set; }

    public FinishReason Reason { get; private set; }

    public double Seconds { get; private set; }

    public IReadOnlyList<long> Tokens => _tokens;

    public long Choose(ReadOnlySpan<float> logits) => TokenSelector.Select(logits, _tokens, _options, _random);

    /// <summary>Takes the chosen token and decides whether the row is done.</summary>
    public void Accept(long token, double elapsedSeconds)
    {
        if (Finished)
        {
            return;
        }

        if (_eos.Contains(token))
        {
            Finish(FinishReason.Eos, elapsedSeconds);
            return;
        }

        if (_stopTokens.Contains(token))
        {
            Finish(FinishReason.Stop, elapsedSeconds);
            return;
        }

        _tokens.Add(token);
        if (_options.StopStrings.Count > 0 && _tokenizer is not null && StopStringInTail())
        {
            Finish(FinishReason.Stop, elapsedSeconds);
            return;
        }

        if (_options.LoopDetection)
        {
            var cut = RepetitionLoopDetector.FindCut(_tokens, _options.LoopMinRepeats, _options.LoopMinTokens, _options.LoopMaxPeriod);
            if (cut >= 0)
            {
                _tokens.RemoveRange(cut, _tokens.Count - cut);
                Finish(FinishReason.Loop, elapsedSeconds);
                return;
            }
        }

        if (_tokens.Count >= _maxNewTokens)
        {
            Finish(FinishReason.Length, elapsedSeconds);
        }
    }

    public GenerationResult ToResult()
    {
        string? text = null;
        var kept = _tokens.Count;
        if (_tokenizer is not null)
        {
            text = _tokenizer.Decode(_tokens);
            if (Reason == FinishReason.Stop && CutAtStopString(text) is var cut && cut < text.Length)
            {
                // The caption is the text before the stop string (trimmed), so its token count is that of the
                // tokens needed to write it, not of the ones that spelled the stop string after it.
                text = text[..cut];
                kept = TokensCovering(text.TrimEnd().Length);
            }

            text = text.Trim();
        }

        return new GenerationResult([.. _tokens.Take(kept)], text, Reason, Seconds);
    }

    /// <summary>Derives a row's seed from the run seed and its key with FNV-1a, which, unlike string hash codes, is stable across processes.</summary>
    internal static int StableSeed(int seed, string key)
    {
        unchecked
        {
            var hash = 2166136261u ^ (uint)seed;
            foreach (var c in key)
            {
                hash = (hash ^ c) * 16777619u;
            }

            return (int)hash;
        }
    }

    private int CutAtStopString(string text)
    {
        var cut = text.Length;
        foreach (var stop in _options.StopStrings)
        {
            var at = text.IndexOf(stop, StringComparison.Ordinal);
            if (at >= 0 && at < cut)
            {
                cut = at;
            }
        }

        return cut;
    }

    // The stop string was found within the last StopWindowTokens tokens, so the walk back is short. A token that
    // straddles the cut wrote part of the caption and is counted.
    private int TokensCovering(int length)
    {
        var count = _tokens.Count;
        while (count > 0 && _tokenizer!.Decode(_tokens.GetRange(0, count - 1)).Length >= length)
        {
            count--;
        }

        return count;
    }

    private bool StopStringInTail()
    {
        var start = Math.Max(0, _tokens.Count - StopWindowTokens);
        var tail = _tokenizer!.Decode(_tokens.GetRange(start, _tokens.Count - start));
        return _options.StopStrings.Any(s => tail.Contains(s, StringComparison.Ordinal));
    }

    private void Finish(FinishReason reason, double elapsedSeconds)
    {
        Finished = true;
        Reason = reason;
        Seconds = elapsedSeconds;
    }
}
