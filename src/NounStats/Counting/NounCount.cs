namespace DataForge.NounStats.Counting;

/// <summary>A noun key and how often it occurred.</summary>
/// <param name="Noun">The key (lemma or lower-cased form).</param>
/// <param name="Count">Occurrences.</param>
public sealed record NounCount(string Noun, long Count);
