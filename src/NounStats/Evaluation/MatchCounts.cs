namespace DataForge.NounStats.Evaluation;

/// <summary>Gold, predicted and matched item counts, with precision, recall and F1 in percent.</summary>
/// <param name="Gold">Gold items.</param>
/// <param name="Predicted">Predicted items.</param>
/// <param name="Matched">Items both gold and predicted.</param>
public readonly record struct MatchCounts(int Gold, int Predicted, int Matched)
{
    /// <summary>Gets the precision in percent (0 when nothing was predicted).</summary>
    public double Precision => Predicted == 0 ? 0 : 100.0 * Matched / Predicted;

    /// <summary>Gets the recall in percent (0 when there is no gold item).</summary>
    public double Recall => Gold == 0 ? 0 : 100.0 * Matched / Gold;

    /// <summary>Gets the F1 score in percent.</summary>
    public double F1 => Gold + Predicted == 0 ? 0 : 200.0 * Matched / (Gold + Predicted);
}
