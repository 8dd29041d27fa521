namespace DataForge.Trainer.Training;

/// <summary>
/// The batches of each epoch in a deterministic order, so that a run resumed at (epoch, batch) sees exactly the
/// batches the uninterrupted run would have seen.
/// </summary>
public interface IEpochBatches
{
    /// <summary>
    /// Gets what identifies the data and its batch order (rows, buckets, batch size, seed, streaming settings): a
    /// checkpoint records it, and a resume against a different one is refused, since it would not see the batches
    /// the uninterrupted run would have.
    /// </summary>
    string Fingerprint { get; }

    /// <summary>Enumerates an epoch's batches from a given position.</summary>
    /// <param name="epoch">The epoch (changes the order).</param>
    /// <param name="skip">Batches of the epoch already consumed.</param>
    /// <param name="cancellationToken">Stops the enumeration (and any background reading).</param>
    /// <returns>Collated batches (the consumer disposes each).</returns>
    IEnumerable<TrainingBatch> Epoch(int epoch, int skip, CancellationToken cancellationToken);
}
