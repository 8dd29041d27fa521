using DataForge.Core.Shards;
using DataForge.NounStats.Conllu;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace DataForge.NounStats.Tagging;

/// <summary>
/// Retrains the tagger from treebank files (<c>dataforge nounstats train-tagger --treebank DIR --output FILE</c>).
/// Training is deterministic: the same files and options always give the same bytes.
/// </summary>
public static class TaggerTrainer
{
    /// <summary>Trains a model.</summary>
    /// <param name="options">The settings; validated here.</param>
    /// <param name="logger">Receives one line per pass; <see langword="null"/> for none.</param>
    /// <param name="cancellationToken">Cancels training between sentences.</param>
    /// <returns>The model bytes and the training record.</returns>
    public static Task<TaggerTrainingResult> TrainAsync(TaggerTrainingOptions options, ILogger? logger = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        return Task.Run(
            () =>
            {
                var train = ConlluReader.ReadFile(options.FindSplit("train"), cancellationToken);
                var dev = ConlluReader.ReadFile(options.FindSplit("dev"), cancellationToken);
                if (options.TrainSentenceLimit is { } limit && limit < train.Count)
                {
                    train = [.. train.Take(limit)];
                }

                var corpus = Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(options.TreebankDirectory)));
                var (model, iterations, accuracies) = PerceptronTrainer.Train(train, dev, options, corpus, logger ?? NullLogger.Instance, cancellationToken);
                using var buffer = new MemoryStream();
                model.Write(buffer);
                return new TaggerTrainingResult(buffer.ToArray(), iterations, accuracies, model.Description);
            },
            cancellationToken);
    }

    /// <summary>Trains a model and writes it atomically to <paramref name="outputPath"/>.</summary>
    /// <param name="options">The settings; validated here.</param>
    /// <param name="outputPath">The model file to write.</param>
    /// <param name="logger">Receives one line per pass; <see langword="null"/> for none.</param>
    /// <param name="cancellationToken">Cancels training.</param>
    /// <returns>The training record.</returns>
    public static async Task<TaggerTrainingResult> TrainToFileAsync(TaggerTrainingOptions options, string outputPath, ILogger? logger = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(outputPath);
        var result = await TrainAsync(options, logger, cancellationToken).ConfigureAwait(false);
        var full = Path.GetFullPath(outputPath);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        await AtomicFile.WriteAllBytesAsync(full, result.ModelBytes, cancellationToken).ConfigureAwait(false);
        return result;
    }
}
