using DataForge.Core.Errors;

namespace DataForge.Trainer.Features;

/// <summary>
/// An Optimum-style exported diffusion model folder: <c>vae_encoder/model.onnx</c> (<c>sample</c> →
/// <c>latent_parameters</c> or <c>latent_sample</c>), <c>vae_decoder/model.onnx</c> (<c>latent_sample</c> →
/// <c>sample</c>), <c>text_encoder/model.onnx</c> (<c>input_ids</c>[, <c>attention_mask</c>] →
/// <c>last_hidden_state</c>) and a <c>tokenizer.json</c> (in <c>tokenizer/</c>, <c>text_encoder/</c> or the root).
/// </summary>
/// <param name="Root">The folder.</param>
public sealed record DiffusionModelDirectory(string Root)
{
    /// <summary>Gets the VAE encoder graph.</summary>
    public string VaeEncoder => Path.Combine(Root, "vae_encoder", "model.onnx");

    /// <summary>Gets the VAE decoder graph.</summary>
    public string VaeDecoder => Path.Combine(Root, "vae_decoder", "model.onnx");

    /// <summary>Gets the T5 encoder graph.</summary>
    public string TextEncoder => Path.Combine(Root, "text_encoder", "model.onnx");

    /// <summary>Gets the tokenizer file, wherever the export put it.</summary>
    public string Tokenizer =>
        new[] { Path.Combine(Root, "tokenizer", "tokenizer.json"), Path.Combine(Root, "text_encoder", "tokenizer.json"), Path.Combine(Root, "tokenizer.json") }
            .FirstOrDefault(File.Exists) ?? Path.Combine(Root, "tokenizer", "tokenizer.json");

    /// <summary>Checks that the named parts exist.</summary>
    /// <param name="vae">Need the VAE encoder.</param>
    /// <param name="decoder">Need the VAE decoder.</param>
    /// <param name="text">Need the text encoder and tokenizer.</param>
    /// <exception cref="OptionsValidationException">A part is missing.</exception>
    public void Require(bool vae, bool decoder, bool text)
    {
        var missing = new List<string>();
        if (vae && !File.Exists(VaeEncoder))
        {
            missing.Add(VaeEncoder);
        }

        if (decoder && !File.Exists(VaeDecoder))
        {
            missing.Add(VaeDecoder);
        }

        if (text && !File.Exists(TextEncoder))
        {
            missing.Add(TextEncoder);
        }

        if (text && !File.Exists(Tokenizer))
        {
            missing.Add(Tokenizer);
        }

        if (missing.Count > 0)
        {
            throw new OptionsValidationException("--model", $"{Root} is not an exported diffusion model folder; missing {string.Join(", ", missing)}");
        }
    }
}
