namespace DataForge.Trainer.Data;

/// <summary>
/// The official <c>AspectRatioBatchSampler</c>: walks the samples in a seeded random order, drops each into its
/// bucket, and emits a batch as soon as a bucket holds <c>batchSize</c> samples, so every batch has one latent size.
/// Incomplete buckets at the end of an epoch are dropped. Deterministic for a given seed and epoch, which is what
/// lets a resumed run continue on the same trajectory.
/// </summary>
public sealed class BucketBatchSampler
{
    private readonly IReadOnlyList<int> _bucketOfSample;
    private readonly int _batchSize;
    private readonly int _seed;

    /// <summary>Creates the sampler.</summary>
    /// <param name="bucketOfSample">Bucket index of every sample (−1 to skip a sample).</param>
    /// <param name="batchSize">Samples per batch.</param>
    /// <param name="seed">Shuffle seed; epoch e uses seed + e.</param>
    public BucketBatchSampler(IReadOnlyList<int> bucketOfSample, int batchSize, int seed)
    {
        ArgumentNullException.ThrowIfNull(bucketOfSample);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        _bucketOfSample = bucketOfSample;
        _batchSize = batchSize;
        _seed = seed;
    }

    /// <summary>Produces the batches of one epoch as lists of sample indices.</summary>
    /// <param name="epoch">Epoch number (changes the order).</param>
    /// <returns>The batches, in emission order.</returns>
    public IEnumerable<IReadOnlyList<int>> Epoch(int epoch)
    {
        var order = Enumerable.Range(0, _bucketOfSample.Count).ToArray();
        new Random(unchecked(_seed + epoch)).Shuffle(order);
        var pending = new Dictionary<int, List<int>>();
        foreach (var sample in order)
        {
            var bucket = _bucketOfSample[sample];
            if (bucket < 0)
            {
                continue;
            }

            if (!pending.TryGetValue(bucket, out var list))
            {
                pending[bucket] = list = new List<int>(_batchSize);
            }

            list.Add(sample);
            if (list.Count == _batchSize)
            {
                yield return list;
                pending[bucket] = new List<int>(_batchSize);
            }
        }
    }
}
