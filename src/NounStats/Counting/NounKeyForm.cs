namespace DataForge.NounStats.Counting;

/// <summary>How a noun occurrence is turned into the key that DN and VN count.</summary>
public enum NounKeyForm
{
    /// <summary>Common nouns by lower-cased lemma (<c>dogs</c> → <c>dog</c>); proper nouns by lower-cased form.</summary>
    Lemma,

    /// <summary>The lower-cased surface form, without lemmatization (closest to plain NLTK <c>NN*</c> counting).</summary>
    Surface,
}
