namespace DataForge.NounStats.Counting;

/// <summary>How a noun occurrence is turned into the key that DN and VN count.</summary>
public enum NounKeyForm
{
    /// <summary>Common nouns by lower-cased lemma (<c>dogs</c> → <c>dog</c>); proper nouns by lower-cased form.</summary>
    Lemma,

    /// <summary>The lower-cased surface form, without lemmatization (closest to plain NLTK <c>NN*</c> counting).</summary>
    Surface,

    /// <summary>
    /// As <see cref="Lemma"/>, and proper nouns too by lemma when it is an attested common noun, so Title-Case
    /// alt-text's <c>Dresses</c> (PROPN) and <c>dress</c> (NOUN) are one noun; other proper nouns (<c>Texas</c>,
    /// <c>Williams</c>) keep their lower-cased form.
    /// </summary>
    LemmaAll,
}
