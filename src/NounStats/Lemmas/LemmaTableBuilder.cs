using DataForge.NounStats.Conllu;

namespace DataForge.NounStats.Lemmas;

/// <summary>
/// Learns <see cref="LemmaTables"/> from treebank sentences (EWT train): every NOUN form → lemma pair it attests
/// (majority lemma per lower-cased form), suffix rewrites counted over distinct forms and kept for suffixes seen on
/// at least <see cref="MinSuffixTypes"/> forms, and the lexicon of NOUN lemmas; then <see cref="HandLemmas"/>. The
/// reference nouns (<see cref="ReferenceNouns.WordNet"/> by default) are copied in for what the treebank lacks.
/// Everything is ordered, so the same sentences always give the same tables.
/// </summary>
internal static class LemmaTableBuilder
{
    /// <summary>How many distinct forms must share a suffix before its rule is trusted.</summary>
    public const int MinSuffixTypes = 2;

    // Rules that drop more than this or append more than this are one-off respellings, not morphology.
    private const int MaxStrip = 3;
    private const int MaxAppend = 4;

    /// <summary>Learns the tables, with WordNet 3.0 as the reference lexicon.</summary>
    /// <param name="sentences">Gold sentences with a LEMMA column.</param>
    /// <returns>The tables.</returns>
    public static LemmaTables Build(IEnumerable<ConlluSentence> sentences) => Build(sentences, ReferenceNouns.WordNet);

    /// <summary>Learns the tables.</summary>
    /// <param name="sentences">Gold sentences with a LEMMA column.</param>
    /// <param name="referenceNouns">Lower-cased noun lemmas of a reference dictionary.</param>
    /// <returns>The tables.</returns>
    public static LemmaTables Build(IEnumerable<ConlluSentence> sentences, IEnumerable<string> referenceNouns)
    {
        var attested = AttestedPairs(sentences);
        var lexicon = new SortedSet<string>(attested.Values, StringComparer.Ordinal);
        foreach (var (_, lemma) in HandLemmas.Pairs)
        {
            lexicon.Add(lemma);
        }

        var rulesOnly = new NounLemmatizer(new LemmaTables(new Dictionary<string, string>(), LearnSuffixRules(attested), lexicon, referenceNouns));
        var exceptions = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (form, lemma) in attested)
        {
            if (rulesOnly.Lemmatize(form) != lemma)
            {
                exceptions[form] = lemma;
            }
        }

        foreach (var (form, lemma) in HandLemmas.Pairs)
        {
            if (rulesOnly.Lemmatize(form) != lemma)
            {
                exceptions[form] = lemma;
            }
            else
            {
                exceptions.Remove(form);
            }
        }

        return new LemmaTables(exceptions, rulesOnly.Tables.SuffixRules, lexicon, rulesOnly.Tables.ReferenceNouns);
    }

    private static SortedDictionary<string, string> AttestedPairs(IEnumerable<ConlluSentence> sentences)
    {
        var counts = new Dictionary<string, Dictionary<string, int>>(StringComparer.Ordinal);
        foreach (var word in sentences.SelectMany(s => s.Words).Where(w => w.Upos == "NOUN" && w.Lemma != "_"))
        {
            var form = word.Form.ToLowerInvariant();
            if (!counts.TryGetValue(form, out var byLemma))
            {
                counts[form] = byLemma = new Dictionary<string, int>(StringComparer.Ordinal);
            }

            var lemma = word.Lemma.ToLowerInvariant();
            byLemma[lemma] = byLemma.GetValueOrDefault(lemma) + 1;
        }

        var pairs = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (form, byLemma) in counts)
        {
            pairs[form] = byLemma.OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal).First().Key;
        }

        return pairs;
    }

    private static Dictionary<string, SuffixRewrite> LearnSuffixRules(SortedDictionary<string, string> attested)
    {
        var bySuffix = new Dictionary<string, Dictionary<SuffixRewrite, int>>(StringComparer.Ordinal);
        foreach (var (form, lemma) in attested)
        {
            if (form.Length < 3 || !form.All(char.IsLetter))
            {
                continue;
            }

            var rewrite = SuffixRewrite.Between(form, lemma);
            if (rewrite.Strip > MaxStrip || rewrite.Append.Length > MaxAppend)
            {
                continue;
            }

            for (var length = Math.Max(1, rewrite.Strip); length <= LemmaTables.MaxSuffixLength && length < form.Length; length++)
            {
                var suffix = form[^length..];
                if (!bySuffix.TryGetValue(suffix, out var votes))
                {
                    bySuffix[suffix] = votes = [];
                }

                votes[rewrite] = votes.GetValueOrDefault(rewrite) + 1;
            }
        }

        var rules = new Dictionary<string, SuffixRewrite>(StringComparer.Ordinal);
        foreach (var (suffix, votes) in bySuffix)
        {
            if (votes.Values.Sum() >= MinSuffixTypes)
            {
                rules[suffix] = votes
                    .OrderByDescending(p => p.Value)
                    .ThenBy(p => p.Key.Strip)
                    .ThenBy(p => p.Key.Append, StringComparer.Ordinal)
                    .First().Key;
            }
        }

        return rules;
    }
}
