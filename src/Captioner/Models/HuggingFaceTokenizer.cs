using Tokenizers.DotNet;

namespace DataForge.Captioner.Models;

/// <summary>
/// A <c>tokenizer.json</c> loaded with Tokenizers.DotNet (the Rust <c>tokenizers</c> library), so Llama
/// SentencePiece-BPE and Qwen2 byte-level BPE behave exactly as in Python. Encoding adds special tokens and
/// decoding skips them, which is what captioning needs.
/// </summary>
public sealed class HuggingFaceTokenizer : ICaptionTokenizer, IDisposable
{
    private readonly Tokenizer _tokenizer;
    private readonly Lock _gate = new();

    private HuggingFaceTokenizer(Tokenizer tokenizer)
    {
        _tokenizer = tokenizer;
    }

    /// <summary>Loads <c>tokenizer.json</c>.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The tokenizer.</returns>
    /// <exception cref="ModelFormatException">The file is missing or the native tokenizer rejects it.</exception>
    public static HuggingFaceTokenizer Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new ModelFormatException($"{path} not found; the model folder needs its tokenizer.json");
        }

        try
        {
            return new HuggingFaceTokenizer(new Tokenizer(vocabPath: path));
        }
        catch (TokenizerException ex)
        {
            throw new ModelFormatException($"{path}: the tokenizer could not be loaded: {ex.Message}", ex);
        }
    }

    /// <inheritdoc />
    public long[] Encode(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        uint[] ids;
        lock (_gate)
        {
            ids = _tokenizer.Encode(text);
        }

        return Array.ConvertAll(ids, id => (long)id);
    }

    /// <inheritdoc />
    public string Decode(IReadOnlyList<long> ids)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var native = new uint[ids.Count];
        for (var i = 0; i < native.Length; i++)
        {
            native[i] = checked((uint)ids[i]);
        }

        lock (_gate)
        {
            return _tokenizer.Decode(native);
        }
    }

    /// <inheritdoc />
    public void Dispose() => _tokenizer.Dispose();
}
