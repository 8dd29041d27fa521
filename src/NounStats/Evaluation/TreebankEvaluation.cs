using DataForge.Core.Errors;
using DataForge.NounStats.Conllu;
using DataForge.NounStats.Tagging;

namespace DataForge.NounStats.Evaluation;

/// <summary>Scores the tokenizer and a tagger against a CoNLL-U file (e.g. EWT test).</summary>
public static class TreebankEvaluation
{
    /// <summary>Scores tagging and noun lemmas with gold tokens.</summary>
    /// <param name="tagger">The tagger.</param>
    /// <param name="conlluPath">A CoNLL-U file.</param>
    /// <param name="cancellationToken">Cancels reading.</param>
    /// <returns>The scores.</returns>
    public static TaggingScore ScoreTagger(PosTagger tagger, string conlluPath, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tagger);
        return TaggerEvaluator.Score(tagger.Model, ConlluReader.ReadFile(conlluPath, cancellationToken));
    }

    /// <summary>Scores the tokenizer on the file's <c># text</c> lines against its gold words.</summary>
    /// <param name="conlluPath">A CoNLL-U file.</param>
    /// <param name="cancellationToken">Cancels reading.</param>
    /// <returns>The scores.</returns>
    public static TokenizationScore ScoreTokenizer(string conlluPath, CancellationToken cancellationToken = default) =>
        TokenizerEvaluator.Score(ConlluReader.ReadFile(conlluPath, cancellationToken));

    /// <summary>Everything <c>dataforge nounstats evaluate</c> reports: tagging, noun lemmas and raw-text nouns.</summary>
    /// <param name="options">The settings; validated here.</param>
    /// <param name="cancellationToken">Cancels between sentences.</param>
    /// <returns>The report.</returns>
    /// <exception cref="OptionsValidationException">A file is missing, unreadable or holds no words.</exception>
    public static Task<TreebankEvaluationReport> EvaluateAsync(TreebankEvaluationOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        return Task.Run(
            () =>
            {
                var tagger = LoadTagger(options.TaggerModelPath);
                var sentences = ReadTreebank(options.TreebankFile, cancellationToken);
                var tagging = TaggerEvaluator.Score(tagger.Model, sentences);
                var (nouns, skipped) = RawTextNounEvaluator.Score(tagger, sentences, cancellationToken);
                return new TreebankEvaluationReport(
                    Path.GetFullPath(options.TreebankFile), sentences.Count, tagging, nouns, skipped, tagger.Description, tagger.ModelSha256);
            },
            cancellationToken);
    }

    private static PosTagger LoadTagger(string? path)
    {
        try
        {
            return path is null ? PosTagger.Default : PosTagger.LoadFile(path);
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException)
        {
            throw new OptionsValidationException("--model", $"'{path}' is not a DataForge tagger model: {ex.Message}");
        }
    }

    private static IReadOnlyList<ConlluSentence> ReadTreebank(string path, CancellationToken cancellationToken)
    {
        IReadOnlyList<ConlluSentence> sentences;
        try
        {
            sentences = ConlluReader.ReadFile(path, cancellationToken);
        }
        catch (Exception ex) when (ex is InvalidDataException or FormatException)
        {
            throw new OptionsValidationException("--treebank", $"'{path}' is not valid CoNLL-U: {ex.Message}");
        }

        return sentences.Sum(s => s.Words.Count) > 0
            ? sentences
            : throw new OptionsValidationException("--treebank", $"'{path}' holds no CoNLL-U words");
    }
}
