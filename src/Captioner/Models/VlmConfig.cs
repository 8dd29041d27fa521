using System.Text.Json;
using DataForge.Captioner.Templates;

namespace DataForge.Captioner.Models;

/// <summary>
/// What the captioner needs from a model folder's <c>config.json</c>, <c>processor_config.json</c>,
/// <c>generation_config.json</c>, <c>preprocessor_config.json</c> and chat template: the image token, how many of
/// them an image fills, the special token ids, the prompt format and the preprocessing.
/// </summary>
public sealed class VlmConfig
{
    /// <summary>Gets or sets <c>config.json</c>'s <c>model_type</c>.</summary>
    public string ModelType { get; init; } = "";

    /// <summary>Gets or sets the text model's <c>model_type</c>, when given.</summary>
    public string? TextModelType { get; init; }

    /// <summary>Gets or sets the id of the image placeholder token.</summary>
    public long ImageTokenId { get; init; }

    /// <summary>Gets or sets the image placeholder's text.</summary>
    public string ImageToken { get; init; } = "<image>";

    /// <summary>Gets or sets how many placeholder tokens one image expands to, when the config says.</summary>
    public int? ImageTokenCount { get; init; }

    /// <summary>Gets or sets the end-of-sequence ids.</summary>
    public IReadOnlyList<long> EosTokenIds { get; init; } = [];

    /// <summary>Gets or sets the padding id used for left padding.</summary>
    public long PadTokenId { get; init; }

    /// <summary>Gets or sets the model's own chat template (<see cref="ChatTemplates.Load"/>).</summary>
    public required ChatTemplate ChatTemplate { get; init; }

    /// <summary>Gets or sets the image preprocessing.</summary>
    public PreprocessorConfig Preprocessor { get; init; } = PreprocessorConfig.Clip336();

    /// <summary>Gets or sets the largest position the model supports, when the config says.</summary>
    public int? MaxPositions { get; init; }

    /// <summary>Reads the configuration files of a model folder.</summary>
    /// <param name="directory">The model folder.</param>
    /// <returns>The config.</returns>
    /// <exception cref="ModelFormatException">A required file or field is missing.</exception>
    public static VlmConfig Load(string directory)
    {
        var configPath = Path.Combine(directory, "config.json");
        JsonElement? config = JsonConfig.Load(configPath) ?? throw new ModelFormatException($"{configPath} not found");
        var processor = JsonConfig.Load(Path.Combine(directory, "processor_config.json"));
        var generation = JsonConfig.Load(Path.Combine(directory, "generation_config.json"));
        var text = config.Child("text_config") is { } t ? (JsonElement?)t : null;
        var vision = config.Child("vision_config") is { } v ? (JsonElement?)v : null;
        var preprocessor = PreprocessorConfig.Load(Path.Combine(directory, "preprocessor_config.json"));

        var imageTokenId = config.Long("image_token_index") ?? config.Long("image_token_id")
            ?? throw new ModelFormatException($"{configPath}: neither image_token_index nor image_token_id is set");
        var eos = generation.Longs("eos_token_id") is { Count: > 0 } g ? g
            : config.Longs("eos_token_id") is { Count: > 0 } c ? c
            : text.Longs("eos_token_id");
        if (eos.Count == 0)
        {
            throw new ModelFormatException($"{directory}: no eos_token_id in generation_config.json or config.json");
        }

        var pad = generation.Long("pad_token_id") ?? config.Long("pad_token_id") ?? text.Long("pad_token_id") ?? eos[0];
        var textType = text.String("model_type");
        return new VlmConfig
        {
            ModelType = config.String("model_type") ?? "",
            TextModelType = textType,
            ImageTokenId = imageTokenId,
            ImageToken = processor.String("image_token") ?? "<image>",
            ImageTokenCount = ImageTokens(config, processor, vision, preprocessor),
            EosTokenIds = eos,
            PadTokenId = pad,
            ChatTemplate = ChatTemplates.Load(directory),
            Preprocessor = preprocessor,
            MaxPositions = (int?)(text.Long("max_position_embeddings") ?? config.Long("max_position_embeddings")),
        };
    }

    // LlavaProcessor: floor(H/patch)*floor(W/patch) + num_additional_image_tokens (default 0), minus one whenever
    // the strategy is "default" (it drops the CLS row), whether or not num_additional_image_tokens is given
    // (LLaVA-1.5: 24*24 + 1 - 1 = 576; SigLIP 384/14 with "full": 27*27 = 729).
    private static int? ImageTokens(JsonElement? config, JsonElement? processor, JsonElement? vision, PreprocessorConfig pre)
    {
        if ((processor.Long("image_seq_length") ?? processor.Long("num_image_tokens")) is { } explicitCount)
        {
            return (int)explicitCount;
        }

        var patch = processor.Long("patch_size") ?? vision.Long("patch_size");
        if (patch is null or <= 0)
        {
            return null;
        }

        var additional = processor.Long("num_additional_image_tokens") ?? 0;
        var strategy = processor.String("vision_feature_select_strategy") ?? config.String("vision_feature_select_strategy");
        var count = (pre.OutputHeight / patch.Value) * (pre.OutputWidth / patch.Value) + additional;
        if (strategy == "default")
        {
            count -= 1;
        }

        return (int)count;
    }
}
