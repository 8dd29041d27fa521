namespace DataForge.NounStats.Evaluation;

/// <summary>Word-level tokenization agreement with a treebank (exact character spans).</summary>
/// <param name="Gold">Gold word spans.</param>
/// <param name="Predicted">Predicted word spans.</param>
/// <param name="Matched">Spans present in both.</param>
/// <param name="SkippedSentences">Sentences whose gold tokens could not be located in their text.</param>
public sealed record TokenizationScore(int Gold, int Predicted, int Matched, int SkippedSentences)
{
    /// <summary>Gets the precision in percent.</summary>
    public double Precision => new MatchCounts(Gold, Predicted, Matched).Precision;

    /// <summary>Gets the recall in percent.</summary>
    public double Recall => new MatchCounts(Gold, Predicted, Matched).Recall;

    /// <summary>Gets the F1 score in percent.</summary>
    public double F1 => new MatchCounts(Gold, Predicted, Matched).F1;
}
