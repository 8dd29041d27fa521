using System.Text.Json.Serialization;

namespace DataForge.Trainer.Training;

/// <summary>One optimizer step's metrics, as written to <c>metrics.jsonl</c> and <c>metrics.csv</c>.</summary>
/// <remarks>A step the NaN/Inf guard skipped keeps its non-finite loss, written as <c>"NaN"</c>/<c>"Infinity"</c>.</remarks>
[JsonNumberHandling(JsonNumberHandling.AllowNamedFloatingPointLiterals)]
public sealed record StepMetrics
{
    /// <summary>Gets the 1-based optimizer step.</summary>
    [JsonPropertyName("step")]
    public long Step { get; init; }

    /// <summary>Gets the total loss (ε-MSE + VLB), averaged over micro-batches.</summary>
    [JsonPropertyName("loss")]
    public double Loss { get; init; }

    /// <summary>Gets the ε-MSE term.</summary>
    [JsonPropertyName("mse")]
    public double Mse { get; init; }

    /// <summary>Gets the VLB term in bits.</summary>
    [JsonPropertyName("vlb")]
    public double Vlb { get; init; }

    /// <summary>Gets the gradient norm before clipping.</summary>
    [JsonPropertyName("grad_norm")]
    public double GradNorm { get; init; }

    /// <summary>Gets the learning rate used.</summary>
    [JsonPropertyName("lr")]
    public double LearningRate { get; init; }

    /// <summary>Gets the step's throughput.</summary>
    [JsonPropertyName("images_per_s")]
    public double ImagesPerSecond { get; init; }

    /// <summary>Gets whether the NaN/Inf guard skipped the update.</summary>
    [JsonPropertyName("skipped")]
    public bool Skipped { get; init; }
}
