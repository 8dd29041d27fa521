using DataForge.Trainer.Data;

namespace DataForge.Trainer.Training;

/// <summary>An in-memory <see cref="ITrainingDataset"/> walked by the <see cref="BucketBatchSampler"/>.</summary>
/// <param name="dataset">The samples.</param>
/// <param name="batchSize">Samples per batch.</param>
/// <param name="seed">Shuffle seed.</param>
public sealed class SampledEpochBatches(ITrainingDataset dataset, int batchSize, int seed) : IEpochBatches
{
    private readonly BucketBatchSampler _sampler = new([.. Enumerable.Range(0, dataset.Count).Select(dataset.BucketOf)], batchSize, seed);

    /// <inheritdoc />
    public string Fingerprint { get; } = DataFingerprint.Of(
        "memory", batchSize, seed, string.Join(",", Enumerable.Range(0, dataset.Count).Select(dataset.BucketOf)));

    /// <inheritdoc />
    public IEnumerable<TrainingBatch> Epoch(int epoch, int skip, CancellationToken cancellationToken)
    {
        foreach (var indices in _sampler.Epoch(epoch).Skip(skip))
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return dataset.Collate(indices);
        }
    }
}
