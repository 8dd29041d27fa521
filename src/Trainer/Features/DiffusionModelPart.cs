namespace DataForge.Trainer.Features;

/// <summary>Which part of a <see cref="DiffusionModelDirectory"/> a hub repository supplies.</summary>
public enum DiffusionModelPart
{
    /// <summary>The VAE: <c>vae_encoder/model.onnx</c> and <c>vae_decoder/model.onnx</c>.</summary>
    Vae,

    /// <summary>The T5 encoder: <c>text_encoder/model.onnx</c> and <c>tokenizer/tokenizer.json</c>.</summary>
    T5,
}
