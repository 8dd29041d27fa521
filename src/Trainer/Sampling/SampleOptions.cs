using DataForge.Core.Errors;

namespace DataForge.Trainer.Sampling;

/// <summary>Options of <c>dataforge sample</c>. Defaults are the official inference script's.</summary>
public sealed class SampleOptions
{
    /// <summary>
    /// Gets or sets the checkpoint: a DataForge checkpoint or run folder (its latest), the official PixArt-α
    /// <c>.pth</c>, a safetensors file with official names, or a diffusers folder (<c>transformer/</c>).
    /// </summary>
    /// <value>The default value is empty (required).</value>
    public string Checkpoint { get; set; } = "";

    /// <summary>
    /// Gets or sets the model configuration; required for <c>.pth</c> and safetensors files (which record no head
    /// count or image size), and when given it overrides what a DataForge or diffusers checkpoint records.
    /// </summary>
    /// <value>The default value is <see langword="null"/>: the checkpoint's own.</value>
    public Model.PixArtConfig? Model { get; set; }

    /// <summary>Gets or sets the exported model folder (text encoder, tokenizer, VAE decoder).</summary>
    /// <value>The default value is empty (required).</value>
    public string ModelDirectory { get; set; } = "";

    /// <summary>Gets the prompts, one image each.</summary>
    public List<string> Prompts { get; } = [];

    /// <summary>Gets or sets the output folder for PNGs.</summary>
    /// <value>The default value is <c>samples</c>.</value>
    public string OutputDirectory { get; set; } = "samples";

    /// <summary>Gets or sets the sampler: <c>dpm-solver</c> (DPM-Solver++ 2M) or <c>iddpm</c>.</summary>
    /// <value>The default value is <c>dpm-solver</c>.</value>
    public string Sampler { get; set; } = "dpm-solver";

    /// <summary>Gets or sets the steps; null uses the sampler's default (20 for DPM-Solver, 100 for IDDPM).</summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public int? Steps { get; set; }

    /// <summary>Gets or sets the classifier-free guidance scale.</summary>
    /// <value>The default value is 4.5.</value>
    public double GuidanceScale { get; set; } = 4.5;

    /// <summary>Gets or sets the seed of the initial noise.</summary>
    /// <value>The default value is 0.</value>
    public int Seed { get; set; }

    /// <summary>Gets or sets whether to sample with the EMA weights.</summary>
    /// <value>The default value is <see langword="true"/>.</value>
    public bool UseEma { get; set; } = true;

    /// <summary>Gets or sets whether to also write all samples as one grid image.</summary>
    /// <value>The default value is <see langword="true"/>.</value>
    public bool Grid { get; set; } = true;

    /// <summary>Validates the options once.</summary>
    /// <exception cref="OptionsValidationException">A value is invalid.</exception>
    public void Validate()
    {
        if (Prompts.Count == 0)
        {
            throw new OptionsValidationException("--prompt", "give at least one prompt");
        }

        if (Sampler is not ("dpm-solver" or "iddpm"))
        {
            throw new OptionsValidationException("--sampler", $"'{Sampler}' is not dpm-solver or iddpm");
        }

        if (Steps is < 1)
        {
            throw new OptionsValidationException("--steps", "must be at least 1");
        }

        if (Sampler == "dpm-solver" && Steps < DpmSolverPlusPlus.MinimumSteps)
        {
            throw new OptionsValidationException("--steps", $"DPM-Solver++ 2M takes at least {DpmSolverPlusPlus.MinimumSteps} steps, as the official sampler (steps >= order); got {Steps}");
        }
    }
}
