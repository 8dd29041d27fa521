using System.Text.Json.Serialization;
using DataForge.Trainer.Model;

namespace DataForge.Trainer.Training;

/// <summary>
/// Everything besides weights that a resumed run needs to continue on exactly the same trajectory: the step, the
/// data cursor and the random generator's state.
/// </summary>
public sealed class TrainingState
{
    /// <summary>Gets or sets the optimizer steps completed.</summary>
    [JsonPropertyName("step")]
    public long Step { get; set; }

    /// <summary>Gets or sets the current epoch of the batch sampler.</summary>
    [JsonPropertyName("epoch")]
    public int Epoch { get; set; }

    /// <summary>Gets or sets the batches of the current epoch already consumed.</summary>
    [JsonPropertyName("batch_in_epoch")]
    public int BatchInEpoch { get; set; }

    /// <summary>Gets or sets how many steps the NaN/Inf guard skipped so far.</summary>
    [JsonPropertyName("skipped_steps")]
    public long SkippedSteps { get; set; }

    /// <summary>Gets or sets the torch generator state, base64.</summary>
    [JsonPropertyName("rng_state")]
    public string RngState { get; set; } = "";

    /// <summary>Gets or sets the fingerprint of the data and batch order (<see cref="IEpochBatches.Fingerprint"/>); null in older checkpoints.</summary>
    [JsonPropertyName("data")]
    public string? Data { get; set; }

    /// <summary>Gets or sets the model configuration the weights belong to.</summary>
    [JsonPropertyName("config")]
    public PixArtConfig Config { get; set; } = PixArtConfig.Tiny;
}
