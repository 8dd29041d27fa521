using System.Text.Json.Serialization;

namespace DataForge.Trainer.Model;

/// <summary>
/// Hyper-parameters of a PixArt-α DiT. Presets follow the official code (<c>PixArt_XL_2</c>, <c>PixArtMS_XL_2</c>):
/// depth 28, hidden 1152, 16 heads, patch 2, 4 latent channels in and 8 out (learned sigma), 120 T5 tokens of
/// 4096 channels.
/// </summary>
public sealed record PixArtConfig
{
    /// <summary>Gets the latent side length the model is configured for (image size / 8).</summary>
    public int InputSize { get; init; } = 32;

    /// <summary>Gets the patch size.</summary>
    public int PatchSize { get; init; } = 2;

    /// <summary>Gets the latent channels in.</summary>
    public int InChannels { get; init; } = 4;

    /// <summary>Gets the transformer width D.</summary>
    public int HiddenSize { get; init; } = 1152;

    /// <summary>Gets the number of blocks.</summary>
    public int Depth { get; init; } = 28;

    /// <summary>Gets the number of attention heads.</summary>
    public int NumHeads { get; init; } = 16;

    /// <summary>Gets the MLP hidden width as a multiple of D.</summary>
    public double MlpRatio { get; init; } = 4.0;

    /// <summary>Gets the text feature width (T5-XXL: 4096).</summary>
    public int CaptionChannels { get; init; } = 4096;

    /// <summary>Gets the number of text tokens (120 in PixArt-α).</summary>
    public int ModelMaxLength { get; init; } = 120;

    /// <summary>Gets whether the model predicts the variance interpolation too (8 output channels).</summary>
    public bool LearnSigma { get; init; } = true;

    /// <summary>Gets the positional-embedding interpolation scale (the code's <c>lewei_scale</c>): 1 for 256/512, 2 for 1024.</summary>
    public double PeInterpolation { get; init; } = 1.0;

    /// <summary>Gets whether size and aspect-ratio micro-conditions are embedded (the 1024-MS model).</summary>
    public bool MicroConditions { get; init; }

    /// <summary>Gets the modulation variant.</summary>
    [JsonConverter(typeof(JsonStringEnumConverter<AdaLnMode>))]
    public AdaLnMode AdaLn { get; init; } = AdaLnMode.Single;

    /// <summary>Gets the probability that a training caption is replaced by the null caption (classifier-free guidance).</summary>
    public double CaptionDropoutProb { get; init; } = 0.1;

    /// <summary>Gets the output channels: 2×in with learned sigma.</summary>
    [JsonIgnore]
    public int OutChannels => LearnSigma ? InChannels * 2 : InChannels;

    /// <summary>Gets the positional-embedding base size: the configured square latent in patches.</summary>
    [JsonIgnore]
    public int BaseSize => InputSize / PatchSize;

    /// <summary>Gets PixArt-XL/2 at 256 px (32×32 latents).</summary>
    public static PixArtConfig XL2_256 { get; } = new() { InputSize = 32 };

    /// <summary>Gets PixArt-XL/2 at 512 px.</summary>
    public static PixArtConfig XL2_512 { get; } = new() { InputSize = 64 };

    /// <summary>Gets PixArtMS-XL/2 at 1024 px with micro-conditions and interpolation scale 2.</summary>
    public static PixArtConfig XL2_1024MS { get; } = new() { InputSize = 128, PeInterpolation = 2.0, MicroConditions = true };

    /// <summary>Gets the DiT-style full-adaLN ablation at 256 px.</summary>
    public static PixArtConfig XL2_256_FullAdaLn { get; } = XL2_256 with { AdaLn = AdaLnMode.FullPerBlock };

    /// <summary>Gets a tiny configuration for tests and the demo (8×8 latents, D = 96, 2 blocks).</summary>
    public static PixArtConfig Tiny { get; } = new()
    {
        InputSize = 8, HiddenSize = 96, Depth = 2, NumHeads = 4, CaptionChannels = 32, ModelMaxLength = 8,
    };

    /// <summary>Gets the shape-world experiment's DiT (issue #16): 8×8×4 latents at patch 1, so 64 tokens instead of
    /// <see cref="Tiny"/>'s 16 (a 64×64 scene's shapes span one or two latent cells), D = 128, 4 blocks, 4 heads,
    /// the frozen 32-wide shape-world text encoder at 120 tokens.</summary>
    public static PixArtConfig ShapeWorld { get; } = new()
    {
        InputSize = 8, PatchSize = 1, HiddenSize = 128, Depth = 4, NumHeads = 4, CaptionChannels = 32, ModelMaxLength = 120,
    };

    /// <summary>Gets a preset by name (<c>XL2_256</c>, <c>XL2_512</c>, <c>XL2_1024MS</c>, <c>XL2_256_FullAdaLn</c>, <c>Tiny</c>, <c>ShapeWorld</c>).</summary>
    /// <param name="name">Preset name, case-insensitive.</param>
    /// <returns>The preset.</returns>
    public static PixArtConfig Preset(string name) => name.ToUpperInvariant() switch
    {
        "XL2_256" => XL2_256,
        "XL2_512" => XL2_512,
        "XL2_1024MS" => XL2_1024MS,
        "XL2_256_FULLADALN" => XL2_256_FullAdaLn,
        "TINY" => Tiny,
        "SHAPEWORLD" => ShapeWorld,
        _ => throw new Core.Errors.OptionsValidationException("--model", $"unknown preset '{name}'; use XL2_256, XL2_512, XL2_1024MS, XL2_256_FullAdaLn, Tiny or ShapeWorld"),
    };

    /// <summary>Checks the shape constraints the architecture relies on.</summary>
    /// <exception cref="Core.Errors.OptionsValidationException">A constraint is violated.</exception>
    public void Validate()
    {
        if (HiddenSize % NumHeads != 0)
        {
            throw new Core.Errors.OptionsValidationException("hidden_size", $"{HiddenSize} is not divisible by {NumHeads} heads");
        }

        if (HiddenSize % 4 != 0)
        {
            throw new Core.Errors.OptionsValidationException("hidden_size", "must be divisible by 4 for the 2-D sin-cos position embedding");
        }

        if (MicroConditions && HiddenSize % 3 != 0)
        {
            throw new Core.Errors.OptionsValidationException("hidden_size", "must be divisible by 3 when micro-conditions are on (size 2×D/3 + aspect D/3)");
        }

        if (InputSize % PatchSize != 0)
        {
            throw new Core.Errors.OptionsValidationException("input_size", $"{InputSize} is not divisible by patch size {PatchSize}");
        }
    }
}
