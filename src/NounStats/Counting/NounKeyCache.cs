namespace DataForge.NounStats.Counting;

/// <summary>
/// Remembers the key each noun form was given, per thread: lemmatizing an unknown word (suffix rules, lexicon
/// checks, one-swap correction) costs microseconds, and alt-text repeats the same forms constantly. Keys are a pure
/// function of the form, its common/proper class and the counter's fixed settings, so a cached key is the key.
/// Bounded, so a run over millions of distinct forms stops growing it instead of holding them all.
/// </summary>
internal sealed class NounKeyCache
{
    private const int MaxEntries = 1 << 17;

    private readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _common =
        new Dictionary<string, string>(StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>();

    private readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _proper =
        new Dictionary<string, string>(StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>Looks up the key of a form (exact characters).</summary>
    public bool TryGet(ReadOnlySpan<char> form, bool isCommonNoun, out string key) =>
        (isCommonNoun ? _common : _proper).TryGetValue(form, out key!);

    /// <summary>Remembers the key of a form, unless the cache is full.</summary>
    public void Add(ReadOnlySpan<char> form, bool isCommonNoun, string key)
    {
        var lookup = isCommonNoun ? _common : _proper;
        if (lookup.Dictionary.Count < MaxEntries)
        {
            lookup[form] = key;
        }
    }
}
