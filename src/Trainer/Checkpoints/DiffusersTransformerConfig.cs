using System.Text.Json;
using System.Text.Json.Serialization;
using DataForge.Core.Errors;
using DataForge.Trainer.Model;

namespace DataForge.Trainer.Checkpoints;

/// <summary>
/// The <c>config.json</c> of a diffusers <c>PixArtTransformer2DModel</c> folder (the constructor arguments
/// <c>from_pretrained</c> passes back). Only the fields that shape the network are read; the fixed ones
/// (<c>norm_type</c>, <c>activation_fn</c>, …) are checked so that a folder of another model is refused.
/// </summary>
public sealed record DiffusersTransformerConfig
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.Never };

    /// <summary>Gets the diffusers class name.</summary>
    [JsonPropertyName("_class_name")]
    public string ClassName { get; init; } = "PixArtTransformer2DModel";

    /// <summary>Gets the diffusers version the layout follows.</summary>
    [JsonPropertyName("_diffusers_version")]
    public string DiffusersVersion { get; init; } = "0.30.0";

    /// <summary>Gets the head count.</summary>
    [JsonPropertyName("num_attention_heads")]
    public int NumAttentionHeads { get; init; }

    /// <summary>Gets the width per head.</summary>
    [JsonPropertyName("attention_head_dim")]
    public int AttentionHeadDim { get; init; }

    /// <summary>Gets the latent channels in.</summary>
    [JsonPropertyName("in_channels")]
    public int InChannels { get; init; } = 4;

    /// <summary>Gets the channels out (2× in with learned sigma).</summary>
    [JsonPropertyName("out_channels")]
    public int? OutChannels { get; init; }

    /// <summary>Gets the block count.</summary>
    [JsonPropertyName("num_layers")]
    public int NumLayers { get; init; }

    /// <summary>Gets the dropout (0 in PixArt).</summary>
    [JsonPropertyName("dropout")]
    public double Dropout { get; init; }

    /// <summary>Gets the group-norm groups (unused by PixArt, kept for diffusers).</summary>
    [JsonPropertyName("norm_num_groups")]
    public int NormNumGroups { get; init; } = 32;

    /// <summary>Gets the cross-attention width (= hidden size).</summary>
    [JsonPropertyName("cross_attention_dim")]
    public int? CrossAttentionDim { get; init; }

    /// <summary>Gets whether the attention projections have biases (true in PixArt).</summary>
    [JsonPropertyName("attention_bias")]
    public bool AttentionBias { get; init; } = true;

    /// <summary>Gets the latent side length.</summary>
    [JsonPropertyName("sample_size")]
    public int SampleSize { get; init; }

    /// <summary>Gets the patch size.</summary>
    [JsonPropertyName("patch_size")]
    public int PatchSize { get; init; } = 2;

    /// <summary>Gets the MLP activation (GELU with tanh).</summary>
    [JsonPropertyName("activation_fn")]
    public string ActivationFn { get; init; } = "gelu-approximate";

    /// <summary>Gets the timestep count of the embedding.</summary>
    [JsonPropertyName("num_embeds_ada_norm")]
    public int? NumEmbedsAdaNorm { get; init; } = 1000;

    /// <summary>Gets whether attention is upcast (false).</summary>
    [JsonPropertyName("upcast_attention")]
    public bool UpcastAttention { get; init; }

    /// <summary>Gets the normalisation type (adaLN-single).</summary>
    [JsonPropertyName("norm_type")]
    public string NormType { get; init; } = "ada_norm_single";

    /// <summary>Gets whether LayerNorms have affine weights (false).</summary>
    [JsonPropertyName("norm_elementwise_affine")]
    public bool NormElementwiseAffine { get; init; }

    /// <summary>Gets the LayerNorm epsilon.</summary>
    [JsonPropertyName("norm_eps")]
    public double NormEps { get; init; } = 1e-6;

    /// <summary>Gets the position-embedding interpolation scale; null means diffusers' default max(sample_size / 64, 1).</summary>
    [JsonPropertyName("interpolation_scale")]
    public double? InterpolationScale { get; init; }

    /// <summary>Gets whether the size and aspect-ratio micro-conditions are used; null means sample_size == 128.</summary>
    [JsonPropertyName("use_additional_conditions")]
    public bool? UseAdditionalConditions { get; init; }

    /// <summary>Gets the text feature width.</summary>
    [JsonPropertyName("caption_channels")]
    public int CaptionChannels { get; init; } = 4096;

    /// <summary>Gets the attention type.</summary>
    [JsonPropertyName("attention_type")]
    public string AttentionType { get; init; } = "default";

    /// <summary>Describes a DataForge configuration in diffusers' terms.</summary>
    /// <param name="config">The configuration.</param>
    /// <returns>The diffusers config.</returns>
    /// <exception cref="DataForgeException">The configuration has no diffusers counterpart.</exception>
    public static DiffusersTransformerConfig From(PixArtConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        if (config.AdaLn != AdaLnMode.Single)
        {
            throw new DataForgeException("the full-adaLN ablation has no diffusers PixArtTransformer2DModel counterpart; export it as safetensors");
        }

        if (config.MlpRatio != 4.0)
        {
            throw new DataForgeException($"diffusers' PixArt feed-forward is 4×D wide; this model's mlp_ratio is {config.MlpRatio}");
        }

        return new DiffusersTransformerConfig
        {
            NumAttentionHeads = config.NumHeads, AttentionHeadDim = config.HiddenSize / config.NumHeads, InChannels = config.InChannels,
            OutChannels = config.OutChannels, NumLayers = config.Depth, CrossAttentionDim = config.HiddenSize, SampleSize = config.InputSize,
            PatchSize = config.PatchSize, InterpolationScale = config.PeInterpolation, UseAdditionalConditions = config.MicroConditions,
            CaptionChannels = config.CaptionChannels,
        };
    }

    /// <summary>Reads a <c>config.json</c>.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The config.</returns>
    /// <exception cref="OptionsValidationException">The file is not a PixArt transformer config.</exception>
    public static DiffusersTransformerConfig Read(string path)
    {
        DiffusersTransformerConfig? config;
        try
        {
            config = JsonSerializer.Deserialize<DiffusersTransformerConfig>(File.ReadAllBytes(path), Json);
        }
        catch (JsonException ex)
        {
            throw new OptionsValidationException("--checkpoint", $"{path}: not a diffusers config: {ex.Message}");
        }

        if (config is null || config.NormType != "ada_norm_single" || config.ActivationFn != "gelu-approximate" || config.NumLayers <= 0 || config.NumAttentionHeads <= 0)
        {
            throw new OptionsValidationException("--checkpoint", $"{path}: not a PixArt transformer config (needs norm_type ada_norm_single, activation_fn gelu-approximate, num_layers and num_attention_heads; has {config?.ClassName})");
        }

        return config;
    }

    /// <summary>Writes this config as <c>config.json</c>.</summary>
    /// <param name="path">Destination.</param>
    public void Write(string path) => File.WriteAllBytes(path, JsonSerializer.SerializeToUtf8Bytes(this, Json));

    /// <summary>The DataForge configuration this folder describes; <paramref name="template"/> supplies what diffusers does not store.</summary>
    /// <param name="template">Token count and caption dropout (diffusers keeps neither).</param>
    /// <returns>The configuration.</returns>
    public PixArtConfig ToPixArt(PixArtConfig template)
    {
        ArgumentNullException.ThrowIfNull(template);
        return template with
        {
            InputSize = SampleSize, PatchSize = PatchSize, InChannels = InChannels, HiddenSize = NumAttentionHeads * AttentionHeadDim,
            Depth = NumLayers, NumHeads = NumAttentionHeads, MlpRatio = 4.0, CaptionChannels = CaptionChannels,
            LearnSigma = (OutChannels ?? InChannels) == 2 * InChannels,
            PeInterpolation = InterpolationScale ?? Math.Max(SampleSize / 64, 1),
            MicroConditions = UseAdditionalConditions ?? SampleSize == 128, AdaLn = AdaLnMode.Single,
        };
    }
}
