using DataForge.NounStats.Conllu;
using DataForge.NounStats.Tagging;
using DataForge.NounStats.Text;

namespace DataForge.NounStats.Evaluation;

/// <summary>
/// Scores nouns found end to end, as captions are counted: the tagger's own tokenizer and sentence splitter on each
/// sentence's <c># text</c>, against the gold NOUN and PROPN words located in that text. A predicted noun counts
/// only when its character span equals a gold noun's, so tokenization errors cost both precision and recall.
/// </summary>
internal static class RawTextNounEvaluator
{
    public static (MatchCounts Nouns, int SkippedSentences) Score(PosTagger tagger, IReadOnlyList<ConlluSentence> sentences, CancellationToken cancellationToken)
    {
        int gold = 0, predicted = 0, matched = 0, skipped = 0;
        var spans = new Dictionary<(int Start, int Length), string>();
        foreach (var sentence in sentences)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (sentence.Text.Length == 0 || !TokenizerEvaluator.TryGoldSpans(sentence, spans))
            {
                skipped++;
                continue;
            }

            gold += spans.Values.Count(IsNoun);
            foreach (var word in tagger.Tag(sentence.Text, TextNormalization.None))
            {
                if (IsNoun(word.Upos))
                {
                    predicted++;
                    matched += spans.TryGetValue((word.Start, word.Text.Length), out var upos) && IsNoun(upos) ? 1 : 0;
                }
            }
        }

        return (new MatchCounts(gold, predicted, matched), skipped);
    }

    private static bool IsNoun(string upos) => upos is "NOUN" or "PROPN";
}
