using DataForge.Trainer.Checkpoints;
using DataForge.Core.Errors;
using DataForge.Trainer.Model;

namespace DataForge.Trainer.Training;

/// <summary>
/// Options of a training run. Defaults are PixArt-α's released configs: AdamW (lr 2e-5, weight decay 0.03,
/// eps 1e-10, betas 0.9/0.999), gradient clipping at max-norm 0.01, 1000 warmup steps, EMA 0.9999; the paper's
/// sqrt batch-size lr scaling is available but off.
/// </summary>
public sealed class TrainOptions
{
    /// <summary>Gets or sets the model configuration.</summary>
    /// <value>The default value is <see cref="PixArtConfig.XL2_256"/>.</value>
    public PixArtConfig Model { get; set; } = PixArtConfig.XL2_256;

    /// <summary>Gets or sets the run folder (checkpoints, metrics, plots).</summary>
    /// <value>The default value is <c>train-run</c>.</value>
    public string OutputDirectory { get; set; } = "train-run";

    /// <summary>Gets or sets the base learning rate.</summary>
    /// <value>The default value is 2e-5.</value>
    public double LearningRate { get; set; } = 2e-5;

    /// <summary>Gets or sets AdamW's decoupled weight decay (applied to every parameter, as the official code does).</summary>
    /// <value>The default value is 0.03.</value>
    public double WeightDecay { get; set; } = 0.03;

    /// <summary>Gets or sets AdamW's epsilon.</summary>
    /// <value>The default value is 1e-10.</value>
    public double AdamEpsilon { get; set; } = 1e-10;

    /// <summary>Gets or sets the gradient max-norm (0 disables clipping).</summary>
    /// <value>The default value is 0.01, as every released stage config sets.</value>
    public double GradientClip { get; set; } = 0.01;

    /// <summary>Gets or sets the linear warmup length in optimizer steps.</summary>
    /// <value>The default value is 1000.</value>
    public int WarmupSteps { get; set; } = 1000;

    /// <summary>Gets or sets whether to scale the rate by √(global batch / 256) as the official configs do.</summary>
    /// <value>The default value is <see langword="false"/>.</value>
    public bool SqrtBatchScaling { get; set; }

    /// <summary>Gets or sets samples per micro-batch.</summary>
    /// <value>The default value is 2.</value>
    public int BatchSize { get; set; } = 2;

    /// <summary>Gets or sets micro-batches per optimizer step.</summary>
    /// <value>The default value is 1.</value>
    public int GradientAccumulation { get; set; } = 1;

    /// <summary>Gets or sets the EMA decay.</summary>
    /// <value>The default value is 0.9999.</value>
    public double EmaRate { get; set; } = 0.9999;

    /// <summary>Gets or sets the optimizer step at which training stops.</summary>
    /// <value>The default value is 1000.</value>
    public long MaxSteps { get; set; } = 1000;

    /// <summary>Gets or sets how often (in steps) a checkpoint is written; the last step always is.</summary>
    /// <value>The default value is 500.</value>
    public int CheckpointEvery { get; set; } = 500;

    /// <summary>Gets or sets the seed of every random draw (data order, timesteps, noise, caption dropout).</summary>
    /// <value>The default value is 0.</value>
    public int Seed { get; set; }

    /// <summary>Gets or sets whether to continue from the run folder's latest checkpoint when there is one.</summary>
    /// <value>The default value is <see langword="true"/>.</value>
    public bool Resume { get; set; } = true;

    /// <summary>Gets or sets a DiT ImageNet checkpoint to start a fresh run from (re-parameterised, PixArt-α stage 1).</summary>
    /// <value>The default value is <see langword="null"/>: PixArt's own initialisation.</value>
    public string? InitialDitCheckpoint { get; set; }

    /// <summary>
    /// Gets or sets what "the DiT without c" means when <see cref="InitialDitCheckpoint"/> is re-parameterised: DiT's
    /// null-class embedding, or no class embedding at all (the paper does not say).
    /// </summary>
    /// <value>The default value is <see cref="NullClassCondition.NullClassEmbedding"/>.</value>
    public NullClassCondition DitNullClass { get; set; } = NullClassCondition.NullClassEmbedding;

    /// <summary>
    /// Gets or sets a PixArt checkpoint to start a fresh run from: the next stage of 256 → 512 → 1024-MS, or a
    /// released model (official <c>.pth</c>, safetensors, diffusers folder, DataForge checkpoint or run folder).
    /// Positions are recomputed for the configured size; MS embedders the checkpoint lacks keep their initialisation.
    /// </summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public string? InitialCheckpoint { get; set; }

    /// <summary>Gets or sets whether <see cref="InitialCheckpoint"/> contributes its EMA weights rather than its raw ones.</summary>
    /// <value>The default value is <see langword="false"/>: the raw weights, as the official <c>load_from</c> (<c>load_ema=False</c>).</value>
    public bool InitialCheckpointEma { get; set; }

    /// <summary>
    /// Gets or sets whether feature shards are streamed (<see cref="StreamingFeatureDataset"/>) rather than loaded
    /// whole, for datasets larger than memory.
    /// </summary>
    /// <value>The default value is <see langword="false"/>: loaded into memory.</value>
    public bool Streaming { get; set; }

    /// <summary>Gets or sets the streaming shuffle buffer, in samples.</summary>
    /// <value>The default value is 10,000.</value>
    public int ShuffleBuffer { get; set; } = 10_000;

    /// <summary>Gets or sets the VAE latent scale factor.</summary>
    /// <value>The default value is 0.18215 (sd-vae-ft-ema).</value>
    public double LatentScale { get; set; } = 0.18215;

    /// <summary>Validates the options once, before training starts.</summary>
    /// <exception cref="OptionsValidationException">A value is out of range.</exception>
    public void Validate()
    {
        Model.Validate();
        if (LearningRate <= 0 || double.IsNaN(LearningRate))
        {
            throw new OptionsValidationException("--lr", "must be positive");
        }

        // Names are the train command's options where it has one, else the config key that sets the value.
        if (BatchSize < 1)
        {
            throw new OptionsValidationException("--batch-size", $"must be at least 1, got {BatchSize}");
        }

        if (GradientAccumulation < 1)
        {
            throw new OptionsValidationException("train.gradient_accumulation", $"must be at least 1, got {GradientAccumulation}");
        }

        if (EmaRate is < 0 or > 1)
        {
            throw new OptionsValidationException("train.ema_rate", $"must be in [0, 1], got {EmaRate}");
        }

        if (MaxSteps < 1)
        {
            throw new OptionsValidationException("--steps", $"must be at least 1, got {MaxSteps}");
        }

        if (InitialCheckpoint is not null && InitialDitCheckpoint is not null)
        {
            throw new OptionsValidationException("--init", "give either --init (a PixArt checkpoint) or --init-dit (an ImageNet DiT), not both");
        }

        if (ShuffleBuffer < 1)
        {
            throw new OptionsValidationException("--shuffle-buffer", $"must be at least 1, got {ShuffleBuffer}");
        }

        if (CheckpointEvery < 1)
        {
            throw new OptionsValidationException("--checkpoint-every", $"must be at least 1, got {CheckpointEvery}");
        }
    }
}
