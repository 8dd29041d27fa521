using DataForge.NounStats.Conllu;
using DataForge.NounStats.Lemmas;
using DataForge.NounStats.Tagging;

namespace DataForge.NounStats.Evaluation;

/// <summary>Scores a model on gold-tokenized treebank sentences.</summary>
internal static class TaggerEvaluator
{
    public static TaggingScore Score(TaggerModel model, IReadOnlyList<ConlluSentence> sentences)
    {
        var decoder = new SentenceDecoder(model);
        var lemmatizer = new NounLemmatizer(model.Lemmas);
        var tags = model.Tags;
        int words = 0, upos = 0, xpos = 0, lemmaTotal = 0, lemmaCorrect = 0;
        int nounTp = 0, nounGold = 0, nounPred = 0, anyTp = 0, anyGold = 0, anyPred = 0, propTp = 0, propGold = 0, propPred = 0;
        var predicted = new byte[256];
        foreach (var sentence in sentences)
        {
            var forms = sentence.Words.Select(w => w.Form).ToArray();
            if (predicted.Length < forms.Length)
            {
                predicted = new byte[forms.Length * 2];
            }

            var features = decoder.Prepare(forms);
            decoder.Decode(features, predicted.AsSpan(0, forms.Length));
            for (var i = 0; i < forms.Length; i++)
            {
                var gold = sentence.Words[i];
                var p = predicted[i];
                words++;
                upos += tags.Upos[p] == gold.Upos ? 1 : 0;
                xpos += tags.Xpos[p] == gold.Xpos ? 1 : 0;
                var goldNoun = gold.Upos == "NOUN";
                var goldAny = goldNoun || gold.Upos == "PROPN";
                nounGold += goldNoun ? 1 : 0;
                nounPred += tags.IsCommonNoun[p] ? 1 : 0;
                nounTp += goldNoun && tags.IsCommonNoun[p] ? 1 : 0;
                anyGold += goldAny ? 1 : 0;
                anyPred += tags.IsNoun[p] ? 1 : 0;
                anyTp += goldAny && tags.IsNoun[p] ? 1 : 0;
                var goldProper = gold.Upos == "PROPN";
                var predictedProper = tags.Upos[p] == "PROPN";
                propGold += goldProper ? 1 : 0;
                propPred += predictedProper ? 1 : 0;
                propTp += goldProper && predictedProper ? 1 : 0;
                if (goldNoun)
                {
                    lemmaTotal++;
                    lemmaCorrect += lemmatizer.Lemmatize(gold.Form) == gold.Lemma.ToLowerInvariant() ? 1 : 0;
                }
            }
        }

        return new TaggingScore(
            words,
            Percent(upos, words),
            Percent(xpos, words),
            new MatchCounts(nounGold, nounPred, nounTp).F1,
            new MatchCounts(anyGold, anyPred, anyTp).F1,
            Percent(lemmaCorrect, lemmaTotal),
            new MatchCounts(nounGold, nounPred, nounTp),
            new MatchCounts(propGold, propPred, propTp));
    }

    private static double Percent(int part, int whole) => whole == 0 ? 0 : 100.0 * part / whole;
}
