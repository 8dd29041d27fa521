using DataForge.NounStats.Lemmas;
using DataForge.NounStats.Text;

namespace DataForge.NounStats.Tagging;

/// <summary>
/// The English POS tagger: <see cref="UdTokenizer"/>, the averaged-perceptron model (UPOS and Penn Treebank tags)
/// and the noun lemmatizer. <see cref="Default"/> is the model shipped in this assembly, trained on
/// UD_English-EWT v2.16 (CC BY-SA 4.0). Instances are immutable and thread-safe.
/// </summary>
public sealed class PosTagger
{
    private const string ResourceName = "DataForge.NounStats.Model.en_ewt_tagger.bin";
    private const string KnownWordsResourceName = "DataForge.NounStats.Model.known_words.txt";
    private static readonly Lazy<PosTagger> DefaultLazy = new(LoadEmbedded);
    private static readonly Lazy<string[]> KnownWordsLazy = new(LoadKnownWords);

    internal PosTagger(TaggerModel model, string modelSha256 = "")
    {
        Model = model;
        Lemmatizer = new NounLemmatizer(model.Lemmas);
        ModelSha256 = modelSha256;
    }

    /// <summary>Gets the model shipped with the assembly.</summary>
    public static PosTagger Default => DefaultLazy.Value;

    /// <summary>Gets the training record stored in the model (corpus, seed, passes, dev accuracy, licence).</summary>
    public string Description => Model.Description;

    /// <summary>Gets the noun lemmatizer whose exception table ships with the model.</summary>
    public NounLemmatizer Lemmatizer { get; }

    /// <summary>Gets the lower-case hex SHA-256 of the model file's bytes, so reports and partial results name the exact model.</summary>
    public string ModelSha256 { get; }

    internal TaggerModel Model { get; }

    /// <summary>Loads a model written by <see cref="TaggerTrainer"/>.</summary>
    /// <param name="stream">The model bytes.</param>
    /// <returns>The tagger.</returns>
    /// <exception cref="InvalidDataException">The stream is not a tagger model.</exception>
    public static PosTagger Load(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var bytes = new MemoryStream();
        stream.CopyTo(bytes);
        var sha256 = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes.GetBuffer().AsSpan(0, (int)bytes.Length)));
        bytes.Position = 0;
        return new PosTagger(TaggerModel.Read(bytes).WithWordRows(KnownWordsLazy.Value), sha256);
    }

    /// <summary>Loads a model file written by <see cref="TaggerTrainer"/>.</summary>
    /// <param name="path">The model file.</param>
    /// <returns>The tagger.</returns>
    public static PosTagger LoadFile(string path)
    {
        using var stream = File.OpenRead(path);
        try
        {
            return Load(stream);
        }
        catch (Exception ex) when (ex is InvalidDataException or EndOfStreamException)
        {
            throw new Core.Errors.UnreadableFileException(path, $"not a tagger model written by 'nounstats train-tagger' ({ex.Message})", ex);
        }
    }

    /// <summary>Tokenizes and tags a text (convenient, allocates per word; bulk counting uses a faster path).</summary>
    /// <param name="text">The text.</param>
    /// <param name="normalization">Unicode normalization applied first; offsets refer to the normalized text.</param>
    /// <returns>The tagged words.</returns>
    public IReadOnlyList<TaggedWord> Tag(string text, TextNormalization normalization = TextNormalization.Nfkc)
    {
        ArgumentNullException.ThrowIfNull(text);
        var normalized = UdTokenizer.Normalize(text, normalization);
        var tokens = new List<Token>();
        UdTokenizer.Instance.Tokenize(normalized.AsSpan(), tokens);
        var tags = new byte[tokens.Count];
        TagTokens(new SentenceDecoder(Model), normalized, tokens, tags);
        var result = new TaggedWord[tokens.Count];
        for (var i = 0; i < tokens.Count; i++)
        {
            var word = normalized.Substring(tokens[i].Start, tokens[i].Length);
            var lemma = Model.Tags.IsCommonNoun[tags[i]] ? Lemmatizer.Lemmatize(word) : word.ToLowerInvariant();
            result[i] = new TaggedWord(word, tokens[i].Start, Model.Tags.Upos[tags[i]], Model.Tags.Xpos[tags[i]], lemma, tokens[i].StartsSentence);
        }

        return result;
    }

    /// <summary>Tags tokens sentence by sentence.</summary>
    internal static void TagTokens(SentenceDecoder decoder, ReadOnlySpan<char> text, List<Token> tokens, Span<byte> tags)
    {
        var all = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(tokens);
        var start = 0;
        for (var i = 1; i <= all.Length; i++)
        {
            if (i == all.Length || all[i].StartsSentence)
            {
                var sentence = all[start..i];
                var words = decoder.Prepare(text, sentence);
                decoder.Decode(words, tags[start..i]);
                start = i;
            }
        }
    }

    // The forms given precomputed score rows: EWT train forms seen at least twice, most frequent first
    // (Model/make_known_words.py). Any model gets them, derived from its own weights at load time.
    private static string[] LoadKnownWords()
    {
        using var stream = typeof(PosTagger).Assembly.GetManifestResourceStream(KnownWordsResourceName)
            ?? throw new InvalidOperationException($"The embedded word list '{KnownWordsResourceName}' is missing from the assembly.");
        using var reader = new StreamReader(stream, System.Text.Encoding.UTF8);
        var words = new List<string>();
        while (reader.ReadLine() is { } line)
        {
            words.Add(line);
        }

        return [.. words];
    }

    private static PosTagger LoadEmbedded()
    {
        using var stream = typeof(PosTagger).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The embedded tagger model '{ResourceName}' is missing from the assembly.");
        return Load(stream);
    }
}
