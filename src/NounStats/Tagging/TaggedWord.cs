namespace DataForge.NounStats.Tagging;

/// <summary>A word with its predicted tags.</summary>
/// <param name="Text">The word as it appears in the (normalized) text.</param>
/// <param name="Start">Character offset in the (normalized) text.</param>
/// <param name="Upos">Universal POS tag (NOUN, PROPN, VERB, …).</param>
/// <param name="Xpos">Penn Treebank tag (NN, NNS, NNP, NNPS, …).</param>
/// <param name="Lemma">The lower-cased lemma for common nouns; the lower-cased form for every other word.</param>
/// <param name="StartsSentence">Whether a sentence starts at this word.</param>
public sealed record TaggedWord(string Text, int Start, string Upos, string Xpos, string Lemma, bool StartsSentence);
