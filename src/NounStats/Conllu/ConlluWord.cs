namespace DataForge.NounStats.Conllu;

/// <summary>One syntactic word of a CoNLL-U sentence (empty nodes are not read).</summary>
/// <param name="Form">The word form.</param>
/// <param name="Lemma">The lemma.</param>
/// <param name="Upos">The universal POS tag.</param>
/// <param name="Xpos">The language-specific (Penn Treebank for English) tag.</param>
internal sealed record ConlluWord(string Form, string Lemma, string Upos, string Xpos);
