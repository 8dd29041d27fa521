using DataForge.Core.Errors;
using DataForge.Core.Shards;

namespace DataForge.Trainer.Training;

/// <summary>
/// Loads a folder of feature shards (written by feature extraction: <c>vae_mean</c>, <c>vae_std</c>,
/// <c>vae_shape</c>, <c>t5_features</c>, <c>t5_mask</c>, plus the image's original size) into an
/// <see cref="InMemoryTrainingDataset"/>. Only done shards and rows with status <c>success</c> are used; the rest
/// are counted in <see cref="SkippedRows"/>.
/// </summary>
public static class FeatureShardDataset
{
    /// <summary>Gets the columns a feature shard must have.</summary>
    public static IReadOnlyList<string> RequiredColumns { get; } =
    [
        ShardColumns.Status, ShardColumns.VaeMean, ShardColumns.VaeStd, ShardColumns.VaeShape, ShardColumns.T5Features,
        ShardColumns.T5Mask, ShardColumns.OriginalWidth, ShardColumns.OriginalHeight,
    ];

    /// <summary>Gets the number of rows skipped by the last <see cref="LoadAsync"/> on this thread.</summary>
    [ThreadStatic]
    public static long SkippedRows;

    /// <summary>Loads every done shard of a folder.</summary>
    /// <param name="directory">Feature shard folder.</param>
    /// <param name="tokens">Caption tokens the model expects.</param>
    /// <param name="captionChannels">Caption channels the model expects.</param>
    /// <param name="cancellationToken">Cancels loading.</param>
    /// <returns>The dataset.</returns>
    /// <exception cref="DataForgeException">No usable rows, or features of the wrong shape.</exception>
    public static async Task<InMemoryTrainingDataset> LoadAsync(string directory, int tokens, int captionChannels, CancellationToken cancellationToken = default)
    {
        var set = new ShardSet(directory);
        var samples = new List<TrainingSample>();
        SkippedRows = 0;
        foreach (var id in set.ListDoneShards())
        {
            var table = await ShardFileReader.ReadTableAsync(set.DataPath(id), RequiredColumns, cancellationToken).ConfigureAwait(false);
            var rows = new FeatureRows(table, set.DataPath(id), tokens, captionChannels);
            for (var row = 0; row < table.RowCount; row++)
            {
                if (rows.Sample(row, $"row {row}") is { } sample)
                {
                    samples.Add(sample);
                }
                else
                {
                    SkippedRows++;
                }
            }
        }

        if (samples.Count == 0)
        {
            throw new DataForgeException($"{directory}: no done feature shard with successful rows (run 'dataforge extract-features' first)");
        }

        return new InMemoryTrainingDataset(samples, tokens, captionChannels);
    }
}
