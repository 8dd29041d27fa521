using DataForge.Core.Errors;

namespace DataForge.NounStats.Tagging;

/// <summary>
/// Settings for training the tagger (<c>dataforge nounstats train-tagger</c>). With the defaults and the
/// UD_English-EWT v2.16 files, training reproduces the shipped model byte for byte.
/// </summary>
public sealed class TaggerTrainingOptions
{
    /// <summary>Gets or sets the treebank folder holding <c>*-ud-train.conllu</c> and <c>*-ud-dev.conllu</c> (<c>--treebank</c>).</summary>
    /// <value>The default value is an empty string, which fails validation.</value>
    public string TreebankDirectory { get; set; } = string.Empty;

    /// <summary>Gets or sets the most training passes; the pass with the best dev UPOS accuracy is kept (<c>--max-iterations</c>).</summary>
    /// <value>The default value is <see cref="NounStatsConstants.DefaultMaxIterations"/> (12).</value>
    public int MaxIterations { get; set; } = NounStatsConstants.DefaultMaxIterations;

    /// <summary>Gets or sets the seed of the per-pass sentence shuffle (<c>--seed</c>).</summary>
    /// <value>The default value is <see cref="NounStatsConstants.DefaultTrainingSeed"/> (1).</value>
    public int Seed { get; set; } = NounStatsConstants.DefaultTrainingSeed;

    /// <summary>Gets or sets how often a word must occur in train to enter the tag dictionary.</summary>
    /// <value>The default value is <see cref="NounStatsConstants.DefaultTagDictionaryMinCount"/> (20).</value>
    public int TagDictionaryMinCount { get; set; } = NounStatsConstants.DefaultTagDictionaryMinCount;

    /// <summary>Gets or sets the share of a word's occurrences its majority tag must have to enter the tag dictionary.</summary>
    /// <value>The default value is <see cref="NounStatsConstants.DefaultTagDictionaryMinPurity"/> (0.97).</value>
    public double TagDictionaryMinPurity { get; set; } = NounStatsConstants.DefaultTagDictionaryMinPurity;

    /// <summary>Gets or sets a cap on training sentences (the first N), for quick experiments and tests.</summary>
    /// <value>The default value is <see langword="null"/>: all of train.</value>
    public int? TrainSentenceLimit { get; set; }

    /// <summary>Validates the options once, before training starts.</summary>
    /// <exception cref="OptionsValidationException">A value is out of range or the treebank files are missing.</exception>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(TreebankDirectory) || !Directory.Exists(TreebankDirectory))
        {
            throw new OptionsValidationException("--treebank", $"folder '{TreebankDirectory}' does not exist");
        }

        _ = FindSplit("train");
        _ = FindSplit("dev");
        if (MaxIterations is < 1 or > 100)
        {
            throw new OptionsValidationException("--max-iterations", $"must be between 1 and 100, got {MaxIterations}");
        }

        if (TagDictionaryMinCount < 1)
        {
            throw new OptionsValidationException("--tag-dictionary-min-count", $"must be at least 1, got {TagDictionaryMinCount}");
        }

        if (TagDictionaryMinPurity is <= 0.5 or > 1)
        {
            throw new OptionsValidationException("--tag-dictionary-min-purity", $"must be in (0.5, 1], got {TagDictionaryMinPurity}");
        }

        if (TrainSentenceLimit is < 1)
        {
            throw new OptionsValidationException("--train-sentence-limit", $"must be at least 1, got {TrainSentenceLimit}");
        }
    }

    internal string FindSplit(string split)
    {
        var files = Directory.GetFiles(TreebankDirectory, $"*-ud-{split}.conllu");
        return files.Length == 1
            ? files[0]
            : throw new OptionsValidationException("--treebank", $"expected exactly one *-ud-{split}.conllu in '{TreebankDirectory}', found {files.Length}");
    }
}
