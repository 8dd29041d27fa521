namespace DataForge.Trainer.Training;

/// <summary>Opens a feature shard folder as the trainer's batch source, streamed or in memory as the options say.</summary>
public static class TrainingData
{
    /// <summary>Opens the data.</summary>
    /// <param name="directory">Feature shard folder.</param>
    /// <param name="options">Training options (model shape, batch size, seed, streaming, shuffle buffer).</param>
    /// <param name="cancellationToken">Cancels reading.</param>
    /// <returns>The batch source.</returns>
    public static async Task<IEpochBatches> OpenAsync(string directory, TrainOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var (tokens, channels) = (options.Model.ModelMaxLength, options.Model.CaptionChannels);
        if (options.Streaming)
        {
            var index = await FeatureShardIndex.BuildAsync(directory, cancellationToken).ConfigureAwait(false);
            return new StreamingFeatureDataset(index, tokens, channels, options.BatchSize, options.Seed, options.ShuffleBuffer);
        }

        var dataset = await FeatureShardDataset.LoadAsync(directory, tokens, channels, cancellationToken).ConfigureAwait(false);
        return new SampledEpochBatches(dataset, options.BatchSize, options.Seed);
    }
}
