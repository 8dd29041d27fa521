namespace DataForge.NounStats.Conllu;

/// <summary>A CoNLL-U sentence: its <c># text</c> line, surface tokens and syntactic words.</summary>
/// <param name="Text">The raw text (empty when the file has no <c># text</c> line).</param>
/// <param name="Tokens">Surface tokens in order.</param>
/// <param name="Words">Syntactic words in order.</param>
internal sealed record ConlluSentence(string Text, IReadOnlyList<ConlluToken> Tokens, IReadOnlyList<ConlluWord> Words);
