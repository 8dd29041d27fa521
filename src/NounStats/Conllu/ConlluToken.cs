namespace DataForge.NounStats.Conllu;

/// <summary>One surface token; a multiword token (<c>don't</c>) spans several words.</summary>
/// <param name="Form">The surface form.</param>
/// <param name="FirstWord">Index of its first word in <see cref="ConlluSentence.Words"/>.</param>
/// <param name="WordCount">Number of words it spans (1 unless it is a multiword token).</param>
internal sealed record ConlluToken(string Form, int FirstWord, int WordCount);
