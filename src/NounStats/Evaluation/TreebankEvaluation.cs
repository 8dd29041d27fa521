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
}
