namespace DataForge.Captioner.Tiny;

/// <summary>Shape of the tiny captioning model <see cref="TinyLlavaModelWriter"/> writes.</summary>
public sealed class TinyLlavaModelOptions
{
    /// <summary>Gets or sets the square image side the preprocessor produces.</summary>
    /// <value>The default value is 32.</value>
    public int ImageSize { get; set; } = 32;

    /// <summary>Gets or sets the patch side; an image fills (ImageSize/PatchSize)² image tokens.</summary>
    /// <value>The default value is 8.</value>
    public int PatchSize { get; set; } = 8;

    /// <summary>Gets or sets the number of decoder layers.</summary>
    /// <value>The default value is 2.</value>
    public int Layers { get; set; } = 2;

    /// <summary>Gets or sets the position from which the model always emits end-of-sequence next.</summary>
    /// <value>The default value is 44.</value>
    public int EosPosition { get; set; } = 44;

    /// <summary>Gets or sets the size of the position table (largest position + 1).</summary>
    /// <value>The default value is 512.</value>
    public int MaxPositions { get; set; } = 512;

    /// <summary>Gets or sets whether to write float16 graphs (<c>*_fp16.onnx</c>: fp16 inputs, outputs and KV cache) instead of float32.</summary>
    /// <value>The default value is <see langword="false"/>.</value>
    public bool Float16 { get; set; }

    /// <summary>Gets or sets whether the decoder declares <c>num_logits_to_keep</c>.</summary>
    /// <value>The default value is <see cref="LogitsToKeepInput.None"/>.</value>
    public LogitsToKeepInput LogitsToKeep { get; set; }
}
