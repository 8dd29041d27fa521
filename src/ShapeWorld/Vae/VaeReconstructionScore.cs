using DataForge.ShapeWorld.Detection;

namespace DataForge.ShapeWorld.Vae;

/// <summary>
/// Scores a reconstruction function on held-out scenes (from <see cref="ShapeWorldGenerator.HeldOutStart"/>): PSNR and
/// the detector's accuracy on the reconstructions. The function is given, not a model, so the same scoring runs on a
/// TorchSharp model, an exported ONNX pair, or a known transform in tests.
/// </summary>
public static class VaeReconstructionScore
{
    private const int Chunk = 64;

    /// <summary>Reconstructs held-out scenes in chunks and scores them.</summary>
    /// <param name="generator">The scene generator (the training seed's, so held-out scenes come from the same world).</param>
    /// <param name="scenes">Held-out scenes to score.</param>
    /// <param name="reconstruct">Maps a (B, 3, 64, 64) batch in [−1, 1] to its reconstruction of the same shape;
    /// values are rounded and clamped to 8 bits as <c>sample</c> writes PNGs.</param>
    /// <param name="cancellationToken">Checked between chunks.</param>
    /// <returns>PSNR and detector figures.</returns>
    /// <exception cref="ArgumentException">The reconstruction has another length than its input.</exception>
    public static VaeReconstructionQuality Measure(ShapeWorldGenerator generator, int scenes, Func<float[], float[]> reconstruct, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(generator);
        ArgumentNullException.ThrowIfNull(reconstruct);
        const int size = ShapeWorldScene.ImageSize;
        const int plane = 3 * size * size;
        var accuracy = new DetectionAccuracy();
        double squaredError = 0;
        long count = 0;
        for (var offset = 0; offset < scenes; offset += Chunk)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var batch = Enumerable.Range(offset, Math.Min(Chunk, scenes - offset)).Select(i => generator.Generate(ShapeWorldGenerator.HeldOutStart + i)).ToList();
            var input = new float[batch.Count * plane];
            for (var b = 0; b < batch.Count; b++)
            {
                VaePixels.ToUnitRange(batch[b].Rgb, size, input.AsSpan(b * plane, plane));
            }

            var output = reconstruct(input);
            if (output.Length != input.Length)
            {
                throw new ArgumentException($"the reconstruction has {output.Length} values for {input.Length} inputs", nameof(reconstruct));
            }

            var rgb = new byte[plane];
            for (var b = 0; b < batch.Count; b++)
            {
                VaePixels.ToRgb(output.AsSpan(b * plane, plane), size, rgb);
                var original = batch[b].Rgb;
                for (var i = 0; i < plane; i++)
                {
                    double error = rgb[i] - original[i];
                    squaredError += error * error;
                }

                count += plane;
                accuracy.Add(ImageDetectionScore.Of(batch[b].Graph, ShapeDetector.Detect(rgb)));
            }
        }

        var psnr = 10 * Math.Log10(255.0 * 255.0 / Math.Max(squaredError / Math.Max(count, 1), 1e-12));
        return new VaeReconstructionQuality(accuracy.Images, psnr, accuracy.VisibleObjects, accuracy.CorrectObjects, accuracy.ExactImages);
    }
}
