namespace DataForge.Captioner.Models;

/// <summary>How a <see cref="VisionLanguageModel"/> is loaded.</summary>
public sealed class ModelLoadOptions
{
    /// <summary>Gets or sets the dtype variant(s) to load, e.g. <c>fp16</c> or <c>decoder_model_merged:q4</c> (<c>--dtype</c>).</summary>
    /// <value>The default value is <see langword="null"/>: the most exact variant present.</value>
    public string? Dtype { get; set; }

    /// <summary>Gets or sets the execution provider (<c>--device</c>).</summary>
    /// <value>The default value is <see cref="ExecutionProviderKind.Auto"/>.</value>
    public ExecutionProviderKind ExecutionProvider { get; set; } = ExecutionProviderKind.Auto;

    /// <summary>Gets or sets the CUDA device ordinal (<c>--device-id</c>).</summary>
    /// <value>The default value is 0.</value>
    public int DeviceId { get; set; }

    /// <summary>Gets or sets ORT's intra-op thread count; 0 lets ORT choose.</summary>
    /// <value>The default value is 0.</value>
    public int IntraOpThreads { get; set; }
}
