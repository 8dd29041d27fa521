using DataForge.NounStats.Tagging;

namespace DataForge.NounStats.Counting;

/// <summary>Per-caption noun lists (the "nouns found" of one caption), with the same keys the statistics count.</summary>
public sealed class NounExtractor : IDisposable
{
    private readonly ThreadLocal<CaptionNounCounter> _counter;

    /// <summary>Creates an extractor.</summary>
    /// <param name="settings">Noun definition, key form and normalization.</param>
    /// <param name="tagger">The tagger; <see langword="null"/> for <see cref="PosTagger.Default"/>.</param>
    public NounExtractor(NounCountingSettings? settings = null, PosTagger? tagger = null)
    {
        var resolvedTagger = tagger ?? PosTagger.Default;
        var resolvedSettings = settings ?? new NounCountingSettings();
        _counter = new ThreadLocal<CaptionNounCounter>(() => new CaptionNounCounter(resolvedTagger, resolvedSettings));
    }

    /// <inheritdoc />
    public void Dispose() => _counter.Dispose();

    /// <summary>Returns the noun keys of a caption in order of appearance (repeats kept).</summary>
    /// <param name="caption">The caption; null or empty gives an empty list.</param>
    /// <returns>The noun keys.</returns>
    public IReadOnlyList<string> ExtractNouns(string? caption)
    {
        var nouns = new List<string>();
        _counter.Value!.CollectNouns(caption, nouns);
        return nouns;
    }

    /// <summary>Finds the nouns of a caption with their places, exactly the nouns <see cref="ExtractNouns"/> lists.</summary>
    /// <param name="caption">The caption; null or empty gives an empty text without nouns.</param>
    /// <returns>The normalized caption and its nouns (offsets into that text, keys, proper or common).</returns>
    public CaptionNouns FindNouns(string? caption)
    {
        var matches = new List<NounMatch>();
        var text = _counter.Value!.FindNouns(caption, matches);
        return new CaptionNouns(text, matches);
    }
}
