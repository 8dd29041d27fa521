using System.Text.Json;
using System.Text.RegularExpressions;

namespace DataForge.ShapeWorld;

/// <summary>
/// A Hugging Face <c>WordLevel</c> vocabulary behind the <c>Whitespace</c> pre-tokenizer (<c>\w+|[^\w\s]+</c>):
/// specials first, then every word of a corpus in ordinal order. The captioner's and the text encoder's vocabularies
/// differ only in their specials and framing, so both keep their word list here and tokenize exactly as the
/// <c>tokenizer.json</c> they export does.
/// </summary>
internal sealed partial class WordLevelVocabulary
{
    private readonly Dictionary<string, long> _ids;

    private WordLevelVocabulary(IReadOnlyList<string> words)
    {
        Words = words;
        _ids = new Dictionary<string, long>(words.Count, StringComparer.Ordinal);
        for (var i = 0; i < words.Count; i++)
        {
            _ids[words[i]] = i;
        }
    }

    /// <summary>Gets the words in id order, specials first.</summary>
    public IReadOnlyList<string> Words { get; }

    /// <summary>Builds the vocabulary of a corpus: the specials, then every word of <paramref name="texts"/> in ordinal order.</summary>
    /// <param name="specials">The special tokens, in id order.</param>
    /// <param name="texts">The corpus.</param>
    /// <returns>The vocabulary.</returns>
    public static WordLevelVocabulary Build(IReadOnlyList<string> specials, IEnumerable<string> texts)
    {
        ArgumentNullException.ThrowIfNull(texts);
        var words = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var text in texts)
        {
            foreach (Match m in WordPattern().Matches(text))
            {
                words.Add(m.Value);
            }
        }

        words.ExceptWith(specials);
        return new WordLevelVocabulary([.. specials, .. words]);
    }

    /// <summary>Reads a vocabulary saved with <see cref="Save"/>, refusing one that does not start with <paramref name="specials"/>.</summary>
    /// <param name="path">The JSON file (an array of words).</param>
    /// <param name="specials">The special tokens it must start with.</param>
    /// <param name="kind">What the vocabulary belongs to, for the error message.</param>
    /// <returns>The vocabulary.</returns>
    public static WordLevelVocabulary Load(string path, IReadOnlyList<string> specials, string kind)
    {
        var words = JsonSerializer.Deserialize<string[]>(File.ReadAllBytes(path)) ?? [];
        if (words.Length < specials.Count || !words.Take(specials.Count).SequenceEqual(specials))
        {
            throw new InvalidDataException($"{path}: not a {kind} vocabulary (it must start with {string.Join(" ", specials)})");
        }

        return new WordLevelVocabulary(words);
    }

    /// <summary>Writes the vocabulary as a JSON array.</summary>
    /// <param name="path">The file.</param>
    public void Save(string path) => File.WriteAllBytes(path, JsonSerializer.SerializeToUtf8Bytes(Words));

    /// <summary>Splits text into word ids as the exported tokenizer does, without specials.</summary>
    /// <param name="text">Plain text.</param>
    /// <param name="unknownId">The id of a word not in the vocabulary.</param>
    /// <returns>The ids.</returns>
    public long[] Encode(string text, long unknownId)
    {
        ArgumentNullException.ThrowIfNull(text);
        var matches = WordPattern().Matches(text);
        var ids = new long[matches.Count];
        for (var i = 0; i < ids.Length; i++)
        {
            ids[i] = _ids.GetValueOrDefault(matches[i].Value, unknownId);
        }

        return ids;
    }

    [GeneratedRegex(@"\w+|[^\w\s]+", RegexOptions.CultureInvariant)]
    private static partial Regex WordPattern();
}
