using static TorchSharp.torch;

namespace DataForge.ShapeWorld.Vae;

/// <summary>Measurements of a trained VAE: its latent scale (for the export) and its held-out reconstruction quality.</summary>
public static class VaeEvaluation
{
    private const int Chunk = 64;

    /// <summary>
    /// The standard deviation of posterior samples (mean + std·ε, as <c>train</c> draws latents) over training scenes
    /// 0…<paramref name="scenes"/>−1, about their overall mean.
    /// </summary>
    /// <param name="model">The model.</param>
    /// <param name="generator">The training scene generator.</param>
    /// <param name="scenes">Scenes to measure.</param>
    /// <param name="seed">Seed of the posterior noise.</param>
    /// <returns>The scale to export with.</returns>
    public static VaeLatentScale MeasureScale(ShapeVaeModel model, ShapeWorldGenerator generator, int scenes, int seed)
    {
        ArgumentNullException.ThrowIfNull(model);
        double sum = 0, sumSquares = 0;
        long count = 0;
        using var noise = new Generator((ulong)seed);
        foreach (var chunk in Chunks(0, scenes))
        {
            using var scope = NewDisposeScope();
            using var grad = no_grad();
            var (mean, logVar) = VaeTrainer.Posterior(model.Encode(Images(model, generator, chunk)));
            var z = (mean + (exp(0.5 * logVar) * randn(mean.shape, generator: noise))).to(ScalarType.Float64);
            sum += z.sum().item<double>();
            sumSquares += z.square().sum().item<double>();
            count += z.numel();
        }

        var average = sum / count;
        return VaeLatentScale.FromStd(Math.Sqrt((sumSquares / count) - (average * average)), scenes);
    }

    /// <summary>
    /// Reconstruction quality on held-out scenes through the posterior mean: PSNR on 8-bit pixels (decoded values
    /// rounded and clamped as <c>sample</c> writes them, pooled over all pixels) and the shape detector's accuracy on
    /// the reconstructions (see <see cref="VaeReconstructionScore"/>).
    /// </summary>
    /// <param name="model">The model.</param>
    /// <param name="generator">The scene generator.</param>
    /// <param name="scenes">Held-out scenes to reconstruct.</param>
    /// <returns>PSNR and the detector ceiling.</returns>
    public static VaeReconstructionQuality HeldOut(ShapeVaeModel model, ShapeWorldGenerator generator, int scenes)
    {
        ArgumentNullException.ThrowIfNull(model);
        var size = model.Config.ImageSize;
        return VaeReconstructionScore.Measure(generator, scenes, pixels =>
        {
            using var scope = NewDisposeScope();
            using var grad = no_grad();
            return model.forward(tensor(pixels, [pixels.Length / (3 * size * size), 3, size, size])).contiguous().data<float>().ToArray();
        });
    }

    private static Tensor Images(ShapeVaeModel model, ShapeWorldGenerator generator, long[] indices)
    {
        var size = model.Config.ImageSize;
        return tensor(VaePixels.Batch(generator, indices), [indices.Length, 3, size, size]);
    }

    private static IEnumerable<long[]> Chunks(long start, int count)
    {
        for (var offset = 0; offset < count; offset += Chunk)
        {
            yield return [.. Enumerable.Range(offset, Math.Min(Chunk, count - offset)).Select(i => start + i)];
        }
    }
}
