using DataForge.Core.Onnx;

namespace DataForge.ShapeWorld.Captioning;

/// <summary>
/// The captioner's word-level vocabulary and the tokenization the exported <c>tokenizer.json</c> performs: the
/// Hugging Face <c>Whitespace</c> pre-tokenizer (<c>\w+|[^\w\s]+</c>), a WordLevel lookup with <c>&lt;unk&gt;</c>,
/// and a leading <c>&lt;s&gt;</c>. Training encodes with this class, so the ids the model learns are the ids the
/// Captioner's tokenizer produces (a test checks the two agree).
/// </summary>
public sealed class CaptionVocabulary
{
    /// <summary>Id of the unknown-word token.</summary>
    public const long UnknownId = 0;

    /// <summary>Id of the beginning-of-sequence token.</summary>
    public const long BosId = 1;

    /// <summary>Id of the end-of-sequence token.</summary>
    public const long EosId = 2;

    /// <summary>Id of the padding token.</summary>
    public const long PadId = 3;

    /// <summary>Id of the image placeholder token.</summary>
    public const long ImageId = 4;

    /// <summary>The special tokens, in id order.</summary>
    public static readonly IReadOnlyList<string> Specials = LlavaConfigFiles.Specials;

    // The LLaVA-1.5 chat frame and the PixArt-α prompts, so the prompts the caption command sends are in vocabulary.
    private static readonly string[] PromptText =
    [
        "USER: ASSISTANT:", "Describe this image and its style in a very detailed manner",
        "Given the caption of this image \"\", describe this image in a very detailed manner",
    ];

    private readonly WordLevelVocabulary _words;

    private CaptionVocabulary(WordLevelVocabulary words) => _words = words;

    /// <summary>Gets the words in id order, specials first.</summary>
    public IReadOnlyList<string> Words => _words.Words;

    /// <summary>Gets the number of words.</summary>
    public int Count => Words.Count;

    /// <summary>Builds the vocabulary of a corpus: specials, then every prompt and caption word in ordinal order.</summary>
    /// <param name="captions">Captions whose words must all be known.</param>
    /// <returns>The vocabulary.</returns>
    public static CaptionVocabulary Build(IEnumerable<string> captions)
    {
        ArgumentNullException.ThrowIfNull(captions);
        return new CaptionVocabulary(WordLevelVocabulary.Build(Specials, PromptText.Concat(captions)));
    }

    /// <summary>Reads a vocabulary saved with <see cref="Save"/>.</summary>
    /// <param name="path">The JSON file (an array of words).</param>
    /// <returns>The vocabulary.</returns>
    public static CaptionVocabulary Load(string path) =>
        new CaptionVocabulary(WordLevelVocabulary.Load(path, Specials, "captioner"));

    /// <summary>Writes the vocabulary as a JSON array.</summary>
    /// <param name="path">The file.</param>
    public void Save(string path) => _words.Save(path);

    /// <summary>Splits text into ids as the exported tokenizer does, without specials.</summary>
    /// <param name="text">Plain text (no special tokens inside).</param>
    /// <returns>The ids; unknown words map to <see cref="UnknownId"/>.</returns>
    public long[] EncodeWords(string text) =>
        _words.Encode(text, UnknownId);

    /// <summary>
    /// The prompt ids the Captioner builds for the LLaVA-1.5 template (<c>USER: &lt;image&gt;…\n{prompt} ASSISTANT:</c>
    /// with a leading <c>&lt;s&gt;</c>).
    /// </summary>
    /// <param name="prompt">The user prompt.</param>
    /// <param name="imageTokens">How many image placeholders the image fills.</param>
    /// <param name="imageStart">Where the first placeholder sits.</param>
    /// <returns>The ids.</returns>
    public long[] EncodePrompt(string prompt, int imageTokens, out int imageStart)
    {
        var head = EncodeWords("USER:");
        var tail = EncodeWords(prompt + " ASSISTANT:");
        imageStart = 1 + head.Length;
        return [BosId, .. head, .. Enumerable.Repeat(ImageId, imageTokens), .. tail];
    }

    /// <summary>Turns ids back into text the way the exported tokenizer decodes (specials skipped, words joined by spaces).</summary>
    /// <param name="ids">The ids.</param>
    /// <returns>The text.</returns>
    public string Decode(IEnumerable<long> ids) =>
        string.Join(' ', ids.Where(id => id >= Specials.Count && id < Count).Select(id => Words[(int)id]));
}
