namespace DataForge.Trainer.Training;

/// <summary>Training samples as the loop needs them: a bucket per sample, and collation of a same-bucket batch.</summary>
public interface ITrainingDataset
{
    /// <summary>Gets the number of samples.</summary>
    int Count { get; }

    /// <summary>Gets the bucket of a sample (samples of one bucket share a latent size); −1 excludes it.</summary>
    /// <param name="index">Sample index.</param>
    /// <returns>The bucket index.</returns>
    int BucketOf(int index);

    /// <summary>Collates samples of one bucket into tensors.</summary>
    /// <param name="indices">Sample indices, all in one bucket.</param>
    /// <returns>The batch (caller disposes).</returns>
    TrainingBatch Collate(IReadOnlyList<int> indices);
}
