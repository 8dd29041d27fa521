namespace DataForge.NounStats.Evaluation;

/// <summary>Tagger accuracy on gold-tokenized sentences (all figures in percent).</summary>
/// <param name="Words">Words scored.</param>
/// <param name="UposAccuracy">Universal POS accuracy.</param>
/// <param name="XposAccuracy">Penn Treebank tag accuracy.</param>
/// <param name="NounF1">F1 of UPOS NOUN.</param>
/// <param name="NounOrProperNounF1">F1 of the NOUN+PROPN class (a word counts when both gold and predicted are in it).</param>
/// <param name="NounLemmaAccuracy">Lemma accuracy on gold NOUN words, compared lower-cased.</param>
/// <param name="Noun">UPOS NOUN counts (precision and recall).</param>
/// <param name="ProperNoun">UPOS PROPN counts (precision and recall).</param>
public sealed record TaggingScore(
    int Words,
    double UposAccuracy,
    double XposAccuracy,
    double NounF1,
    double NounOrProperNounF1,
    double NounLemmaAccuracy,
    MatchCounts Noun,
    MatchCounts ProperNoun);
