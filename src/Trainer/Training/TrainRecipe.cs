using System.Text.Json.Serialization;

namespace DataForge.Trainer.Training;

/// <summary>The optimiser part of a <see cref="TrainConfigFile"/>; names follow the official configs.</summary>
public sealed class TrainRecipe
{
    /// <summary>Gets or sets the base learning rate.</summary>
    [JsonPropertyName("learning_rate")]
    public double LearningRate { get; set; } = 2e-5;

    /// <summary>Gets or sets the AdamW weight decay.</summary>
    [JsonPropertyName("weight_decay")]
    public double WeightDecay { get; set; } = 0.03;

    /// <summary>Gets or sets the AdamW epsilon.</summary>
    [JsonPropertyName("adam_epsilon")]
    public double AdamEpsilon { get; set; } = 1e-10;

    /// <summary>Gets or sets the gradient max-norm.</summary>
    [JsonPropertyName("gradient_clip")]
    public double GradientClip { get; set; } = 0.01;

    /// <summary>Gets or sets the warmup steps.</summary>
    [JsonPropertyName("warmup_steps")]
    public int WarmupSteps { get; set; } = 1000;

    /// <summary>Gets or sets whether the official sqrt batch-size lr rule applies.</summary>
    [JsonPropertyName("sqrt_batch_scaling")]
    public bool SqrtBatchScaling { get; set; }

    /// <summary>Gets or sets the per-worker batch size.</summary>
    [JsonPropertyName("batch_size")]
    public int BatchSize { get; set; } = 2;

    /// <summary>Gets or sets micro-batches per step.</summary>
    [JsonPropertyName("gradient_accumulation")]
    public int GradientAccumulation { get; set; } = 1;

    /// <summary>Gets or sets the number of data-parallel workers the recipe assumes (Table 4's second factor).</summary>
    [JsonPropertyName("workers")]
    public int Workers { get; set; } = 1;

    /// <summary>Gets or sets the EMA decay.</summary>
    [JsonPropertyName("ema_rate")]
    public double EmaRate { get; set; } = 0.9999;

    /// <summary>Gets or sets the total optimizer steps.</summary>
    [JsonPropertyName("max_steps")]
    public long MaxSteps { get; set; } = 1000;

    /// <summary>Gets or sets the checkpoint interval.</summary>
    [JsonPropertyName("checkpoint_every")]
    public int CheckpointEvery { get; set; } = 500;

    /// <summary>Gets or sets the seed.</summary>
    [JsonPropertyName("seed")]
    public int Seed { get; set; }
}
