using DataForge.Core.Errors;

namespace DataForge.Cli.Experiment;

/// <summary>Options of <c>dataforge shapeworld experiment</c>: one size and budget for both training runs.</summary>
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
        Check("--sampler-steps", SamplerSteps, 1, 1000);
        Check("--tokens", Tokens, 1, 512);
        Check("--caption-channels", CaptionChannels, 1, 8192);
        if (!(MaxTruncatedFraction is >= 0 and <= 1))
        {
            throw new OptionsValidationException("--max-truncated", $"must be 0 to 1, got {MaxTruncatedFraction}");
        }
    }

    private static void Check(string option, int value, int min, int max)
    {
        if (value < min || value > max)
        {
            throw new OptionsValidationException(option, $"must be {min} to {max:N0}, got {value}");
        }
    }
}
