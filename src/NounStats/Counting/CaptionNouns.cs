namespace DataForge.NounStats.Counting;

/// <summary>A caption as the statistics see it: the text after Unicode normalization and its nouns in order.</summary>
/// <param name="Text">The normalized caption (empty for a null or empty caption); <see cref="NounMatch"/> offsets refer to it.</param>
/// <param name="Nouns">The nouns, in order of appearance, repeats kept.</param>
public sealed record CaptionNouns(string Text, IReadOnlyList<NounMatch> Nouns);
