using DataForge.Core.Errors;
using DataForge.Trainer.Model;

namespace DataForge.Cli.Experiment;

/// <summary>Options of <c>dataforge shapeworld experiment</c>: one DiT, size and budget for every training run.</summary>
public sealed class ExperimentOptions
{
    /// <summary>Gets or sets the work folder (created; replaced only when an earlier experiment made it).</summary>
    /// <value>Required.</value>
    public string OutputDirectory { get; set; } = "";

    /// <summary>Gets or sets the number of training scenes.</summary>
    /// <value>The default value is 2,000.</value>
    public int Count { get; set; } = 2000;

    /// <summary>Gets or sets the seed of scenes, prompts, training and sampling noise.</summary>
    /// <value>The default value is 0.</value>
    public int Seed { get; set; }

    /// <summary>Gets or sets the captioner folder; null for the shipped shape-world captioner.</summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public string? CaptionerDirectory { get; set; }

    /// <summary>Gets or sets the VAE folder (holding <c>vae_encoder/</c> and <c>vae_decoder/</c>).</summary>
    /// <value>Required unless <see cref="TinyRandomModels"/>.</value>
    public string? VaeDirectory { get; set; }

    /// <summary>Gets or sets the text-encoder folder (holding <c>text_encoder/</c> and its tokenizer).</summary>
    /// <value>Required unless <see cref="TinyRandomModels"/>.</value>
    public string? TextEncoderDirectory { get; set; }

    /// <summary>Gets or sets whether to use tiny random VAE and text-encoder models: checks the pipeline only, the
    /// alignment figures then mean nothing (the report says so).</summary>
    /// <value>The default value is <see langword="false"/>.</value>
    public bool TinyRandomModels { get; set; }

    /// <summary>Gets or sets the text encoder's output width (the DiT's caption channels).</summary>
    /// <value>The default value is 32.</value>
    public int CaptionChannels { get; set; } = 32;

    /// <summary>Gets or sets the caption tokens the text encoder reads.</summary>
    /// <value>The default value is 120, PixArt-α's.</value>
    public int Tokens { get; set; } = 120;

    /// <summary>Gets or sets the largest fraction of a caption column's captions that may have more tokens than
    /// <see cref="Tokens"/>: beyond it the run is refused, because the comparison would then be between cut captions.</summary>
    /// <value>The default value is 0.01.</value>
    public double MaxTruncatedFraction { get; set; } = 0.01;

    /// <summary>Gets or sets the training steps of each run.</summary>
    /// <value>The default value is 2,000.</value>
    public int TrainSteps { get; set; } = 2000;

    /// <summary>Gets or sets at how many evenly spaced step counts each run is sampled and judged (the last is the end
    /// of training): the paper's claim is about steps to a given alignment.</summary>
    /// <value>The default value is 4.</value>
    public int Evaluations { get; set; } = 4;

    /// <summary>Gets or sets the training batch size.</summary>
    /// <value>The default value is 32.</value>
    public int BatchSize { get; set; } = 32;

    /// <summary>Gets or sets the number of held-out prompts.</summary>
    /// <value>The default value is 200.</value>
    public int Prompts { get; set; } = 200;

    /// <summary>Gets or sets the DPM-Solver++ steps per sample.</summary>
    /// <value>The default value is 20.</value>
    public int SamplerSteps { get; set; } = 20;

    /// <summary>Gets or sets the classifier-free guidance scale.</summary>
    /// <value>The default value is 4.5, PixArt-α's.</value>
    public double GuidanceScale { get; set; } = 4.5;

    /// <summary>Gets the training runs (<c>alt</c>, <c>dense</c>, <c>gold</c>), in this order whatever order they were
    /// given in: alt-text, the captioner's dense captions, the scenes' gold dense captions (the upper bound).</summary>
    /// <value>The default value is all three.</value>
    public IList<string> Runs { get; } = [.. ExperimentRuns.All];

    /// <summary>Gets or sets the DiT's patch size on the 8×8 latent.</summary>
    /// <value>The default value is <see cref="PixArtConfig.ShapeWorld"/>'s 1 (64 tokens).</value>
    public int PatchSize { get; set; } = PixArtConfig.ShapeWorld.PatchSize;

    /// <summary>Gets or sets the DiT's width D.</summary>
    /// <value>The default value is <see cref="PixArtConfig.ShapeWorld"/>'s 128.</value>
    public int HiddenSize { get; set; } = PixArtConfig.ShapeWorld.HiddenSize;

    /// <summary>Gets or sets the DiT's number of blocks.</summary>
    /// <value>The default value is <see cref="PixArtConfig.ShapeWorld"/>'s 4.</value>
    public int Depth { get; set; } = PixArtConfig.ShapeWorld.Depth;

    /// <summary>Gets or sets the DiT's attention heads.</summary>
    /// <value>The default value is <see cref="PixArtConfig.ShapeWorld"/>'s 4.</value>
    public int Heads { get; set; } = PixArtConfig.ShapeWorld.NumHeads;

    /// <summary>Gets or sets the AdamW learning rate (after a warm-up of min(100, steps / 10)).</summary>
    /// <value>The default value is 1e-3.</value>
    public double LearningRate { get; set; } = 1e-3;

    /// <summary>Gets or sets the EMA decay of the sampled weights; null fits it to the budget (see <see cref="EffectiveEmaRate"/>).</summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public double? EmaRate { get; set; }

    /// <summary>Gets or sets how many images each prompt is sampled with (different noise); a prompt's score is the
    /// fraction of its images judged correct, so the intervals narrow beyond one coin flip per prompt.</summary>
    /// <value>The default value is 4.</value>
    public int SamplesPerPrompt { get; set; } = 4;

    /// <summary>Gets the EMA decay used: <see cref="EmaRate"/> when set, else 1 − 20 / (steps / evaluations) capped
    /// to [0.9, 0.9999]. The EMA starts as a copy of the random initial weights and keeps rate^s of them after s
    /// steps; PixArt-α's 0.9999 over a few thousand steps would sample mostly the initial noise network, so the
    /// weight left at the first evaluation is held to e^−20.</summary>
    public double EffectiveEmaRate => EmaRate ?? Math.Clamp(1 - (20.0 * Evaluations / TrainSteps), 0.9, 0.9999);

    /// <summary>Gets the DiT configuration every run trains.</summary>
    public PixArtConfig Model => PixArtConfig.ShapeWorld with
    {
        PatchSize = PatchSize, HiddenSize = HiddenSize, Depth = Depth, NumHeads = Heads, ModelMaxLength = Tokens, CaptionChannels = CaptionChannels,
    };

    /// <summary>Checks the options.</summary>
    /// <exception cref="OptionsValidationException">An option is missing or out of range.</exception>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(OutputDirectory))
        {
            throw new OptionsValidationException("--output", "is required");
        }

        if (!TinyRandomModels && (string.IsNullOrWhiteSpace(VaeDirectory) || string.IsNullOrWhiteSpace(TextEncoderDirectory)))
        {
            throw new OptionsValidationException("--vae", "--vae and --text-encoder are required (or --tiny-random-models, which checks the pipeline only)");
        }

        Check("--count", Count, 1, 1_000_000);
        Check("--train-steps", TrainSteps, 1, 10_000_000);
        Check("--batch-size", BatchSize, 1, 4096);
        Check("--evaluations", Evaluations, 1, TrainSteps);
        Check("--prompts", Prompts, 1, ShapeWorld.Evaluation.PromptSetGenerator.MaxCount);
        // DPM-Solver++ 2M refuses fewer steps than its order; say so before an hour of training, not after.
        Check("--sampler-steps", SamplerSteps, 2, 1000);
        Check("--tokens", Tokens, 1, 512);
        Check("--caption-channels", CaptionChannels, 1, 8192);
        Check("--samples-per-prompt", SamplesPerPrompt, 1, 1000);
        Check("--patch-size", PatchSize, 1, 8);
        Check("--hidden-size", HiddenSize, 4, 8192);
        Check("--depth", Depth, 1, 128);
        Check("--heads", Heads, 1, 256);
        if (HiddenSize % Heads != 0 || HiddenSize % 4 != 0 || PixArtConfig.ShapeWorld.InputSize % PatchSize != 0)
        {
            throw new OptionsValidationException("--hidden-size", Invariant($"--hidden-size {HiddenSize} must be a multiple of 4 and of --heads {Heads}, and --patch-size {PatchSize} must divide the 8×8 latent"));
        }

        if (!(LearningRate is > 0 and < 1))
        {
            throw new OptionsValidationException("--learning-rate", Invariant($"must be between 0 and 1, got {LearningRate}"));
        }

        if (EmaRate is { } ema && !(ema is >= 0 and < 1))
        {
            throw new OptionsValidationException("--ema-rate", Invariant($"must be at least 0 and below 1, got {ema}"));
        }

        ExperimentRuns.Validate(Runs);
        if (!(MaxTruncatedFraction is >= 0 and <= 1))
        {
            throw new OptionsValidationException("--max-truncated", $"must be 0 to 1, got {MaxTruncatedFraction}");
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static void Check(string option, int value, int min, int max)
    {
        if (value < min || value > max)
        {
            throw new OptionsValidationException(option, $"must be {min} to {max:N0}, got {value}");
        }
    }
}
