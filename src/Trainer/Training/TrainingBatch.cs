using static TorchSharp.torch;

namespace DataForge.Trainer.Training;

/// <summary>
/// One collated batch from a single aspect bucket: the stored VAE posterior (mean, std — latents are re-sampled
/// from them every time, as the official loader does), T5 features and masks, and the micro-conditions.
/// </summary>
public sealed class TrainingBatch : IDisposable
{
    /// <summary>Creates the batch; it owns the tensors.</summary>
    /// <param name="mean">Posterior mean (B, 4, h, w).</param>
    /// <param name="std">Posterior std (B, 4, h, w).</param>
    /// <param name="captions">T5 features (B, L, C).</param>
    /// <param name="mask">Caption masks (B, L).</param>
    /// <param name="imageSize">Original (height, width) in pixels (B, 2).</param>
    /// <param name="aspectRatio">Bucket ratio (B, 1).</param>
    public TrainingBatch(Tensor mean, Tensor std, Tensor captions, Tensor mask, Tensor imageSize, Tensor aspectRatio)
    {
        Mean = mean;
        Std = std;
        Captions = captions;
        Mask = mask;
        ImageSize = imageSize;
        AspectRatio = aspectRatio;
    }

    /// <summary>Gets the posterior mean.</summary>
    public Tensor Mean { get; }

    /// <summary>Gets the posterior standard deviation.</summary>
    public Tensor Std { get; }

    /// <summary>Gets the caption features.</summary>
    public Tensor Captions { get; }

    /// <summary>Gets the caption masks.</summary>
    public Tensor Mask { get; }

    /// <summary>Gets the image sizes.</summary>
    public Tensor ImageSize { get; }

    /// <summary>Gets the aspect ratios.</summary>
    public Tensor AspectRatio { get; }

    /// <summary>Gets the batch size.</summary>
    public long Size => Mean.shape[0];

    /// <inheritdoc />
    public void Dispose()
    {
        Mean.Dispose();
        Std.Dispose();
        Captions.Dispose();
        Mask.Dispose();
        ImageSize.Dispose();
        AspectRatio.Dispose();
    }
}
