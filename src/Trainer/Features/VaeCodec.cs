using DataForge.Core.Errors;
using Microsoft.ML.OnnxRuntime;

namespace DataForge.Trainer.Features;

/// <summary>
/// The VAE (sd-vae-ft-ema in PixArt-α) as exported ONNX graphs: the encoder gives the latent posterior (mean and
/// standard deviation, stored so latents can be re-sampled on every load), the decoder turns latents back into
/// images. Either session may be absent when only one direction is needed.
/// </summary>
public sealed class VaeCodec : IDisposable
{
    /// <summary>The VAE's latent scale factor.</summary>
    public const double ScaleFactor = 0.18215;

    private readonly InferenceSession? _encoder;
    private readonly InferenceSession? _decoder;
    private readonly string? _encoderOutput;

    /// <summary>Loads the sessions of a model folder.</summary>
    /// <param name="models">The model folder.</param>
    /// <param name="encoder">Load the encoder.</param>
    /// <param name="decoder">Load the decoder.</param>
    public VaeCodec(DiffusionModelDirectory models, bool encoder, bool decoder)
    {
        ArgumentNullException.ThrowIfNull(models);
        models.Require(vae: encoder, decoder: decoder, text: false);
        if (encoder)
        {
            _encoder = new InferenceSession(models.VaeEncoder);
            _encoderOutput = _encoder.OutputMetadata.ContainsKey("latent_parameters") ? "latent_parameters"
                : _encoder.OutputMetadata.ContainsKey("latent_sample") ? "latent_sample"
                : throw new DataForgeException($"{models.VaeEncoder}: expected output 'latent_parameters' (mean, logvar) or 'latent_sample'");
        }

        if (decoder)
        {
            _decoder = new InferenceSession(models.VaeDecoder);
        }
    }

    /// <summary>Encodes images in [−1, 1] to the latent posterior.</summary>
    /// <param name="images">(B, 3, H, W) row-major.</param>
    /// <param name="batch">B.</param>
    /// <param name="height">H.</param>
    /// <param name="width">W.</param>
    /// <returns>Mean and std (B, C, h, w) row-major, and (C, h, w).</returns>
    public (float[] Mean, float[] Std, (int C, int H, int W) Shape) Encode(float[] images, int batch, int height, int width)
    {
        var session = _encoder ?? throw new InvalidOperationException("the VAE encoder was not loaded");
        using var input = OrtValue.CreateTensorValueFromMemory(images, [batch, 3, height, width]);
        using var runOptions = new RunOptions();
        using var outputs = session.Run(runOptions, ["sample"], [input], [_encoderOutput!]);
        var shape = outputs[0].GetTensorTypeAndShape().Shape;
        var data = outputs[0].GetTensorDataAsSpan<float>();
        var (h, w) = ((int)shape[2], (int)shape[3]);
        if (_encoderOutput == "latent_sample")
        {
            // An export that samples inside the graph hides the posterior: keep its sample with zero spread.
            var c0 = (int)shape[1];
            return (data.ToArray(), new float[data.Length], (c0, h, w));
        }

        var c = (int)shape[1] / 2;
        var plane = c * h * w;
        var mean = new float[batch * plane];
        var std = new float[batch * plane];
        for (var b = 0; b < batch; b++)
        {
            data.Slice(b * 2 * plane, plane).CopyTo(mean.AsSpan(b * plane));
            var logVar = data.Slice((b * 2 * plane) + plane, plane);
            for (var i = 0; i < plane; i++)
            {
                // diffusers' DiagonalGaussianDistribution clamps the log-variance to [−30, 20].
                std[(b * plane) + i] = (float)Math.Exp(0.5 * Math.Clamp(logVar[i], -30f, 20f));
            }
        }

        return (mean, std, (c, h, w));
    }

    /// <summary>Decodes scaled latents (as the DiT produces them) to images in [−1, 1].</summary>
    /// <param name="latents">(B, C, h, w) row-major, multiplied by <see cref="ScaleFactor"/>.</param>
    /// <param name="shape">(B, C, h, w).</param>
    /// <returns>Images (B, 3, H, W) row-major and their height and width.</returns>
    public (float[] Images, int Height, int Width) Decode(float[] latents, long[] shape)
    {
        var session = _decoder ?? throw new InvalidOperationException("the VAE decoder was not loaded");
        var unscaled = latents.Select(v => (float)(v / ScaleFactor)).ToArray();
        using var input = OrtValue.CreateTensorValueFromMemory(unscaled, shape);
        using var runOptions = new RunOptions();
        using var outputs = session.Run(runOptions, ["latent_sample"], [input], ["sample"]);
        var outShape = outputs[0].GetTensorTypeAndShape().Shape;
        return (outputs[0].GetTensorDataAsSpan<float>().ToArray(), (int)outShape[2], (int)outShape[3]);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _encoder?.Dispose();
        _decoder?.Dispose();
    }
}
