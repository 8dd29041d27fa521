
namespace DataForge.ShapeWorld.TextEncoder;

/// <summary>
/// The text encoder's word-level vocabulary: T5's specials (<c>&lt;pad&gt;</c> = 0, <c>&lt;/s&gt;</c> = 1,
/// <c>&lt;unk&gt;</c> = 2), then every lower-cased word and punctuation run (the Hugging Face <c>Whitespace</c>
/// pre-tokenizer's <c>\w+|[^\w\s]+</c>) of the world's dense captions and alt-text, in ordinal order. Lower-case
/// because PixArt-α's caption cleaning lower-cases every caption before tokenizing.
/// </summary>
public sealed class TextEncoderVocabulary
{
    /// <summary>Id of the padding token (T5's).</summary>
    public const long PadId = 0;

    /// <summary>Id of the end-of-sequence token (T5's).</summary>
    public const long EosId = 1;

    /// <summary>Id of the unknown-word token.</summary>
    public const long UnknownId = 2;

    /// <summary>The special tokens, in id order.</summary>
    public static readonly IReadOnlyList<string> Specials = ["<pad>", "</s>", "<unk>"];

    private readonly WordLevelVocabulary _words;

    private TextEncoderVocabulary(WordLevelVocabulary words) => _words = words;

    /// <summary>Gets the words in id order, specials first.</summary>
    public IReadOnlyList<string> Words => _words.Words;

    /// <summary>Gets the number of words.</summary>
    public int Count => Words.Count;

    /// <summary>Builds the vocabulary of a corpus.</summary>
    /// <param name="texts">Captions whose words must all be known.</param>
    /// <returns>The vocabulary.</returns>
    public static TextEncoderVocabulary Build(IEnumerable<string> texts)
    {
        ArgumentNullException.ThrowIfNull(texts);
        return new TextEncoderVocabulary(WordLevelVocabulary.Build(Specials, texts.Select(t => t.ToLowerInvariant())));
    }

    /// <summary>The vocabulary of a shape world: dense captions and alt-text of training scenes 0…<paramref name="scenes"/>−1.</summary>
    /// <param name="generator">The scene generator.</param>
    /// <param name="scenes">How many scenes to scan.</param>
    /// <returns>The vocabulary.</returns>
    public static TextEncoderVocabulary OfWorld(ShapeWorldGenerator generator, int scenes)
    {
        ArgumentNullException.ThrowIfNull(generator);
        return Build(Enumerable.Range(0, scenes).Select(i => generator.Generate(i)).SelectMany(s => new[] { s.DenseCaption, s.AltText }));
    }

    /// <summary>Reads a vocabulary saved with <see cref="Save"/>.</summary>
    /// <param name="path">The JSON file (an array of words).</param>
    /// <returns>The vocabulary.</returns>
    public static TextEncoderVocabulary Load(string path) =>
        new TextEncoderVocabulary(WordLevelVocabulary.Load(path, Specials, "text-encoder"));

    /// <summary>Writes the vocabulary as a JSON array.</summary>
    /// <param name="path">The file.</param>
    public void Save(string path) => _words.Save(path);

    /// <summary>Tokenizes lower-cased text as the exported <c>tokenizer.json</c> does, with the trailing <c>&lt;/s&gt;</c>.</summary>
    /// <param name="text">Text (already cleaned and lower-cased, as the Trainer feeds it).</param>
    /// <returns>The ids; unknown words map to <see cref="UnknownId"/>.</returns>
    public long[] Encode(string text) =>
        [.. _words.Encode(text, UnknownId), EosId];
}
