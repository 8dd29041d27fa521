using DataForge.Core.Errors;
using Microsoft.ML.OnnxRuntime;
using Tokenizers.DotNet;

namespace DataForge.Trainer.Features;

/// <summary>
/// Encodes captions as PixArt-α does: <c>clean_caption</c> twice, T5 tokenization with the trailing <c>&lt;/s&gt;</c>,
/// truncation to 120 tokens (keeping <c>&lt;/s&gt;</c> last), padding with id 0, then the encoder's
/// <c>last_hidden_state</c> and the attention mask. One ORT session, owned here.
/// </summary>
public sealed class T5TextEncoder : IDisposable
{
    private readonly InferenceSession _session;
    private readonly Tokenizer _tokenizer;
    private readonly bool _takesMask;
    private readonly Lock _gate = new();
    private long _truncated;

    /// <summary>Loads the encoder and tokenizer of a model folder.</summary>
    /// <param name="models">The model folder.</param>
    /// <param name="tokens">Sequence length (120 in PixArt-α).</param>
    /// <param name="options">Session options (provider); null for CPU defaults.</param>
    public T5TextEncoder(DiffusionModelDirectory models, int tokens, SessionOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(models);
        models.Require(vae: false, decoder: false, text: true);
        Tokens = tokens;
        _tokenizer = new Tokenizer(vocabPath: models.Tokenizer);
        _session = options is null ? new InferenceSession(models.TextEncoder) : new InferenceSession(models.TextEncoder, options);
        _takesMask = _session.InputMetadata.ContainsKey("attention_mask");
        if (!_session.OutputMetadata.ContainsKey("last_hidden_state"))
        {
            throw new DataForgeException($"{models.TextEncoder}: no 'last_hidden_state' output");
        }

        Channels = (int)_session.OutputMetadata["last_hidden_state"].Dimensions[^1];
    }

    /// <summary>Gets the sequence length.</summary>
    public int Tokens { get; }

    /// <summary>Gets how many captions so far had more tokens than <see cref="Tokens"/> and lost their tail: callers
    /// report it, because a model trained on cut captions never saw what the cut words said.</summary>
    public long Truncated => Interlocked.Read(ref _truncated);

    /// <summary>Gets the feature width.</summary>
    public int Channels { get; }

    /// <summary>Tokenizes cleaned captions into fixed-length ids and masks.</summary>
    /// <param name="captions">Raw captions.</param>
    /// <returns>Ids and masks, row-major (B, L), and the cleaned texts.</returns>
    public (long[] Ids, long[] Mask, string[] Cleaned) Tokenize(IReadOnlyList<string?> captions)
    {
        ArgumentNullException.ThrowIfNull(captions);
        var ids = new long[captions.Count * Tokens];
        var mask = new long[captions.Count * Tokens];
        var cleaned = new string[captions.Count];
        for (var b = 0; b < captions.Count; b++)
        {
            cleaned[b] = CaptionCleaner.CleanTwice(captions[b]);
            uint[] encoded;
            lock (_gate)
            {
                encoded = _tokenizer.Encode(cleaned[b]);
            }

            // HF truncates before adding </s>, so a long caption still ends with it.
            if (encoded.Length > Tokens)
            {
                Interlocked.Increment(ref _truncated);
                encoded = [.. encoded[..(Tokens - 1)], encoded[^1]];
            }

            for (var i = 0; i < encoded.Length; i++)
            {
                ids[(b * Tokens) + i] = encoded[i];
                mask[(b * Tokens) + i] = 1;
            }
        }

        return (ids, mask, cleaned);
    }

    /// <summary>Encodes captions.</summary>
    /// <param name="captions">Raw captions.</param>
    /// <returns>Features (B, L, C) row-major, masks (B, L) as bytes, and the cleaned texts.</returns>
    public (float[] Features, byte[] Mask, string[] Cleaned) Encode(IReadOnlyList<string?> captions)
    {
        var (ids, mask, cleaned) = Tokenize(captions);
        var batch = captions.Count;
        using var idValue = OrtValue.CreateTensorValueFromMemory(ids, [batch, Tokens]);
        using var maskValue = OrtValue.CreateTensorValueFromMemory(mask, [batch, Tokens]);
        using var runOptions = new RunOptions();
        var names = _takesMask ? new[] { "input_ids", "attention_mask" } : ["input_ids"];
        var values = _takesMask ? new[] { idValue, maskValue } : [idValue];
        using var outputs = _session.Run(runOptions, names, values, ["last_hidden_state"]);
        var features = outputs[0].GetTensorDataAsSpan<float>().ToArray();
        return (features, [.. mask.Select(m => (byte)m)], cleaned);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _session.Dispose();
        _tokenizer.Dispose();
    }
}
