namespace DataForge.NounStats.Counting;

/// <summary>Which words count as nouns.</summary>
public enum NounDefinition
{
    /// <summary>NOUN and PROPN (Penn NN, NNS, NNP, NNPS), as NLTK-style counting (<c>NN*</c>) does; the default.</summary>
    All,

    /// <summary>Common nouns only: NOUN (Penn NN, NNS).</summary>
    Common,
}
