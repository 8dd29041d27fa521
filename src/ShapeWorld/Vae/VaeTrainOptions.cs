namespace DataForge.ShapeWorld.Vae;

/// <summary>What <c>dataforge shapeworld train-vae</c> trains and where it writes; each property is one CLI option.</summary>
public sealed class VaeTrainOptions
{
    /// <summary>Gets or sets the folder the trained VAE is exported to (<c>vae_encoder/</c>, <c>vae_decoder/</c>).</summary>
    public string Output { get; set; } = "";

    /// <summary>Gets or sets the folder holding checkpoints and the loss log; a rerun resumes from it.</summary>
    /// <value>The default value is <see langword="null"/>: <c>&lt;output&gt;.run</c> beside the model folder.</value>
    public string? RunDirectory { get; set; }

    /// <summary>Gets or sets the seed of the scene generator, the weight initialisation and the posterior noise.</summary>
    /// <value>The default value is 0.</value>
    public int Seed { get; set; }

    /// <summary>Gets or sets the number of optimizer steps.</summary>
    /// <value>The default value is 1500.</value>
    public int Steps { get; set; } = 1500;

    /// <summary>Gets or sets the images per step.</summary>
    /// <value>The default value is 32.</value>
    public int BatchSize { get; set; } = 32;

    /// <summary>Gets or sets how many distinct training scenes (generator indices 0…N-1) the steps cycle through.</summary>
    /// <value>The default value is 1,000,000.</value>
    public long TrainScenes { get; set; } = 1_000_000;

    /// <summary>Gets or sets the peak learning rate (linear warm-up, cosine decay to a tenth).</summary>
    /// <value>The default value is 0.002.</value>
    public double LearningRate { get; set; } = 2e-3;

    /// <summary>Gets or sets the linear warm-up length in steps.</summary>
    /// <value>The default value is 50.</value>
    public int WarmupSteps { get; set; } = 50;

    /// <summary>
    /// Gets or sets the weight of the KL term (mean over latent elements) against the reconstruction loss (mean L1 +
    /// mean L2 over pixels in [−1, 1]): small, as in SD's VAE, so the latents stay informative.
    /// </summary>
    /// <value>The default value is 0.0001.</value>
    public double KlWeight { get; set; } = 1e-4;

    /// <summary>Gets or sets how often (in steps) a checkpoint is written; one is always written at the end and on cancel.</summary>
    /// <value>The default value is 200.</value>
    public int CheckpointEvery { get; set; } = 200;

    /// <summary>Gets or sets the training scenes whose latents set the export's latent scale (unit variance after 0.18215).</summary>
    /// <value>The default value is 512.</value>
    public int ScaleScenes { get; set; } = 512;

    /// <summary>Gets or sets the held-out scenes (from index 10,000,000) the reconstruction PSNR is measured on.</summary>
    /// <value>The default value is 256.</value>
    public int EvalScenes { get; set; } = 256;

    /// <summary>Gets or sets the torch CPU threads (0 keeps TorchSharp's default).</summary>
    /// <value>The default value is 0.</value>
    public int Parallelism { get; set; }

    /// <summary>Gets or sets the network shape.</summary>
    public VaeConfig Network { get; set; } = new();

    /// <summary>Gets the run folder in effect.</summary>
    public string ResolvedRunDirectory => RunDirectory ?? Path.TrimEndingDirectorySeparator(Path.GetFullPath(Output)) + ".run";

    /// <summary>Refuses options that cannot train.</summary>
    /// <returns>A one-line reason, or <see langword="null"/>.</returns>
    public string? Problem()
    {
        if (string.IsNullOrWhiteSpace(Output))
        {
            return "-o/--output (the model folder to write) is required";
        }

        if (Steps < 1 || BatchSize < 1 || TrainScenes < 1 || CheckpointEvery < 1 || WarmupSteps < 0 || ScaleScenes < 2 || EvalScenes < 1)
        {
            return "--steps, --batch-size, --train-scenes, --checkpoint-every, the scale and evaluation scene counts must be positive (warm-up may be 0)";
        }

        if (TrainScenes > ShapeWorldGenerator.HeldOutStart)
        {
            return $"--train-scenes {TrainScenes} would reach the held-out scenes from index {ShapeWorldGenerator.HeldOutStart}";
        }

        if (!(LearningRate > 0) || !double.IsFinite(LearningRate) || !(KlWeight >= 0) || !double.IsFinite(KlWeight) || Parallelism < 0)
        {
            return "--learning-rate must be a positive number, --kl-weight and -j/--parallelism not negative";
        }

        return Network.Problem();
    }
}
