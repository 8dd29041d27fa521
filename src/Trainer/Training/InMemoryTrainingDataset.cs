using static TorchSharp.torch;

namespace DataForge.Trainer.Training;

/// <summary>
/// Feature samples held in memory, bucketed by latent size. Used for feature shards that fit in RAM (every
/// sample costs latent + 120×4096 floats) and for tests.
/// </summary>
public sealed class InMemoryTrainingDataset : ITrainingDataset
{
    private readonly IReadOnlyList<TrainingSample> _samples;
    private readonly int[] _buckets;
    private readonly int _tokens;
    private readonly int _captionChannels;

    /// <summary>Creates the dataset.</summary>
    /// <param name="samples">The samples; all share the caption shape.</param>
    /// <param name="tokens">Caption tokens L.</param>
    /// <param name="captionChannels">Caption channels Cc.</param>
    public InMemoryTrainingDataset(IReadOnlyList<TrainingSample> samples, int tokens, int captionChannels)
    {
        ArgumentNullException.ThrowIfNull(samples);
        _samples = samples;
        _tokens = tokens;
        _captionChannels = captionChannels;
        var shapes = new Dictionary<(int, int, int), int>();
        _buckets = new int[samples.Count];
        for (var i = 0; i < samples.Count; i++)
        {
            if (samples[i].Captions.Length != tokens * captionChannels || samples[i].Mask.Length != tokens)
            {
                throw new Core.Errors.DataForgeException($"sample {i}: caption features are not {tokens}×{captionChannels}");
            }

            if (!shapes.TryGetValue(samples[i].LatentShape, out var bucket))
            {
                shapes[samples[i].LatentShape] = bucket = shapes.Count;
            }

            _buckets[i] = bucket;
        }
    }

    /// <inheritdoc />
    public int Count => _samples.Count;

    /// <inheritdoc />
    public int BucketOf(int index) => _buckets[index];

    /// <inheritdoc />
    public TrainingBatch Collate(IReadOnlyList<int> indices)
    {
        ArgumentNullException.ThrowIfNull(indices);
        return Collate([.. indices.Select(i => _samples[i])], _tokens, _captionChannels);
    }

    /// <summary>Collates samples of one latent size into tensors.</summary>
    /// <param name="samples">The samples, all of one latent shape.</param>
    /// <param name="tokens">Caption tokens L.</param>
    /// <param name="captionChannels">Caption channels Cc.</param>
    /// <returns>The batch (caller disposes).</returns>
    public static TrainingBatch Collate(IReadOnlyList<TrainingSample> samples, int tokens, int captionChannels)
    {
        ArgumentNullException.ThrowIfNull(samples);
        var first = samples[0];
        var (c, h, w) = first.LatentShape;
        var n = samples.Count;
        var mean = new float[n * c * h * w];
        var std = new float[n * c * h * w];
        var captions = new float[n * tokens * captionChannels];
        var mask = new float[n * tokens];
        var sizes = new float[n * 2];
        var ratios = new float[n];
        for (var b = 0; b < n; b++)
        {
            var s = samples[b];
            if (s.LatentShape != first.LatentShape)
            {
                throw new ArgumentException("a batch must come from one bucket", nameof(samples));
            }

            s.Mean.CopyTo(mean, b * c * h * w);
            s.Std.CopyTo(std, b * c * h * w);
            s.Captions.CopyTo(captions, b * tokens * captionChannels);
            s.Mask.CopyTo(mask, b * tokens);
            sizes[2 * b] = s.ImageHeight;
            sizes[(2 * b) + 1] = s.ImageWidth;
            ratios[b] = (float)h / w;
        }

        return new TrainingBatch(
            tensor(mean, [n, c, h, w]),
            tensor(std, [n, c, h, w]),
            tensor(captions, [n, tokens, captionChannels]),
            tensor(mask, [n, tokens]),
            tensor(sizes, [n, 2]),
            tensor(ratios, [n, 1]));
    }
}
