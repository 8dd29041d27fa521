namespace DataForge.Trainer.Training;

/// <summary>
/// The batches of each epoch in a deterministic order, so that a run resumed at (epoch, batch) sees exactly the
/// batches the uninterrupted run would have seen.
/// </summary>
public interface IEpochBatches
{
    /// <summary>Enumerates an epoch's batches from a given position.</summary>
    /// <param name="epoch">The epoch (changes the order).</param>
    /// <param name="skip">Batches of the epoch already consumed.</param>
    /// <param name="cancellationToken">Stops the enumeration (and any background reading).</param>
    /// <returns>Collated batches (the consumer disposes each).</returns>
    IEnumerable<TrainingBatch> Epoch(int epoch, int skip, CancellationToken cancellationToken);
}
