using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace DataForge.Captioner.Models;

/// <summary>
/// What a <c>decoder_model_merged</c> graph expects, read from its input metadata rather than hard-coded: layer
/// count (the number of <c>past_key_values.{i}.key</c> inputs), KV heads and head size (their static dims), the
/// cache and embedding element types, and which optional inputs it declares.
/// </summary>
internal sealed partial class DecoderSignature
{
    public const string InputsEmbeds = "inputs_embeds";
    public const string AttentionMask = "attention_mask";
    public const string PositionIds = "position_ids";
    public const string UseCacheBranch = "use_cache_branch";
    public const string NumLogitsToKeep = "num_logits_to_keep";
    public const string LogitsToKeep = "logits_to_keep";
    public const string Logits = "logits";

    public required int LayerCount { get; init; }

    public required int KvHeads { get; init; }

    public required int HeadSize { get; init; }

    public required int HiddenSize { get; init; }

    public required TensorElementType CacheType { get; init; }

    public required TensorElementType EmbedsType { get; init; }

    public required bool HasPositionIds { get; init; }

    public required bool HasUseCacheBranch { get; init; }

    /// <summary>
    /// Gets the name of the graph's "logits to keep" input (<c>num_logits_to_keep</c>, or <c>logits_to_keep</c> as
    /// newer transformers name it), required or defaulted by an initializer; null when the graph declares none.
    /// </summary>
    public string? LogitsToKeepName { get; init; }

    /// <summary>Gets the shape the logits-to-keep value is fed with: [] for a scalar, [1] for a one-element vector.</summary>
    public long[] LogitsToKeepShape { get; init; } = [];

    public static string PastKey(int layer) => $"past_key_values.{layer}.key";

    public static string PastValue(int layer) => $"past_key_values.{layer}.value";

    public static string PresentKey(int layer) => $"present.{layer}.key";

    public static string PresentValue(int layer) => $"present.{layer}.value";

    public static DecoderSignature Read(InferenceSession session, string path)
    {
        var inputs = session.InputMetadata;
        var outputs = session.OutputMetadata;
        foreach (var required in new[] { InputsEmbeds, AttentionMask })
        {
            if (!inputs.ContainsKey(required))
            {
                throw new ModelFormatException($"{path}: decoder input '{required}' is missing; inputs are {string.Join(", ", inputs.Keys)}");
            }
        }

        if (!outputs.ContainsKey(Logits))
        {
            throw new ModelFormatException($"{path}: decoder output '{Logits}' is missing");
        }

        var layers = inputs.Keys.Select(k => PastKeyPattern().Match(k)).Where(m => m.Success)
            .Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).Order().ToList();
        if (layers.Count == 0)
        {
            throw new ModelFormatException($"{path}: no past_key_values.{{i}}.key inputs, so this is not a KV-cache decoder");
        }

        for (var i = 0; i < layers.Count; i++)
        {
            if (layers[i] != i || !inputs.ContainsKey(PastValue(i)) || !outputs.ContainsKey(PresentKey(i)) || !outputs.ContainsKey(PresentValue(i)))
            {
                throw new ModelFormatException($"{path}: layer {i} lacks one of {PastKey(i)}, {PastValue(i)}, {PresentKey(i)}, {PresentValue(i)}");
            }
        }

        var key = inputs[PastKey(0)];
        var dims = key.Dimensions;
        if (dims.Length != 4 || dims[1] <= 0 || dims[3] <= 0)
        {
            throw new ModelFormatException(
                $"{path}: {PastKey(0)} must be [batch, kv_heads, past, head_size] with static kv_heads and head_size; got [{string.Join(", ", dims)}]");
        }

        var embeds = inputs[InputsEmbeds];
        var (keepName, keepShape) = ReadLogitsToKeep(session, path);
        return new DecoderSignature
        {
            LayerCount = layers.Count,
            KvHeads = dims[1],
            HeadSize = dims[3],
            HiddenSize = embeds.Dimensions.Length == 3 ? embeds.Dimensions[2] : -1,
            CacheType = key.ElementDataType,
            EmbedsType = embeds.ElementDataType,
            HasPositionIds = inputs.ContainsKey(PositionIds),
            HasUseCacheBranch = inputs.ContainsKey(UseCacheBranch),
            LogitsToKeepName = keepName,
            LogitsToKeepShape = keepShape,
        };
    }

    // An input that is also an initializer is optional and listed apart from the required inputs; a runtime that
    // feeds 1 either way gets the last position's logits, and one that does not feed it gets them all.
    private static (string? Name, long[] Shape) ReadLogitsToKeep(InferenceSession session, string path)
    {
        foreach (var name in new[] { NumLogitsToKeep, LogitsToKeep })
        {
            if (!session.InputMetadata.TryGetValue(name, out var meta) && !session.OverridableInitializerMetadata.TryGetValue(name, out meta))
            {
                continue;
            }

            var dims = meta.Dimensions;
            if (meta.ElementDataType != TensorElementType.Int64 || dims.Length > 1 || (dims.Length == 1 && dims[0] > 1))
            {
                throw new ModelFormatException(
                    $"{path}: decoder input '{name}' must be an int64 scalar or one-element vector; got {meta.ElementDataType} [{string.Join(", ", dims)}]");
            }

            return (name, dims.Length == 0 ? [] : [1]);
        }

        return (null, []);
    }

    [GeneratedRegex(@"^past_key_values\.(\d+)\.key$")]
    private static partial Regex PastKeyPattern();
}
