namespace DataForge.NounStats.Counting;

/// <summary>One noun of a caption as the statistics count it, with its place in the normalized caption.</summary>
/// <param name="Start">Character offset in <see cref="CaptionNouns.Text"/>.</param>
/// <param name="Length">Length of the word in characters.</param>
/// <param name="Key">The key it is counted under (lower-cased lemma for common nouns, lower-cased form otherwise).</param>
/// <param name="IsProper">Whether the tagger tagged it as a proper noun (PROPN).</param>
public sealed record NounMatch(int Start, int Length, string Key, bool IsProper);
