using DataForge.NounStats.Conllu;
using DataForge.NounStats.Text;

namespace DataForge.NounStats.Evaluation;

/// <summary>
/// Scores <see cref="UdTokenizer"/> against a treebank's <c># text</c> lines. Gold units are syntactic words:
/// a multiword token whose words spell it out (<c>do</c> + <c>n't</c>) contributes one span per word; one whose
/// words do not (rare respellings) contributes a single span for the whole token.
/// </summary>
internal static class TokenizerEvaluator
{
    public static TokenizationScore Score(IReadOnlyList<ConlluSentence> sentences, List<(string Text, string Gold, string Predicted)>? errors = null)
    {
        int gold = 0, predicted = 0, matched = 0, skipped = 0;
        var tokens = new List<Token>();
        var goldSpans = new Dictionary<(int Start, int Length), string>();
        foreach (var sentence in sentences)
        {
            if (sentence.Text.Length == 0 || !TryGoldSpans(sentence, goldSpans))
            {
                skipped++;
                continue;
            }

            tokens.Clear();
            UdTokenizer.Instance.Tokenize(sentence.Text.AsSpan(), tokens);
            var hits = 0;
            foreach (var token in tokens)
            {
                if (goldSpans.ContainsKey((token.Start, token.Length)))
                {
                    hits++;
                }
            }

            gold += goldSpans.Count;
            predicted += tokens.Count;
            matched += hits;
            if (errors is not null && (hits != goldSpans.Count || hits != tokens.Count))
            {
                var goldText = string.Join(" ", goldSpans.Keys.OrderBy(s => s.Start).Select(s => sentence.Text.Substring(s.Start, s.Length)));
                var predText = string.Join(" ", tokens.Select(t => sentence.Text.Substring(t.Start, t.Length)));
                errors.Add((sentence.Text, goldText, predText));
            }
        }

        return new TokenizationScore(gold, predicted, matched, skipped);
    }

    /// <summary>Locates the gold words in the sentence's text, with the UPOS of each span.</summary>
    /// <returns>False when a token is not found where expected (the sentence is then skipped).</returns>
    internal static bool TryGoldSpans(ConlluSentence sentence, Dictionary<(int Start, int Length), string> spans)
    {
        spans.Clear();
        var text = sentence.Text;
        var position = 0;
        foreach (var token in sentence.Tokens)
        {
            while (position < text.Length && char.IsWhiteSpace(text[position]))
            {
                position++;
            }

            if (string.CompareOrdinal(text, position, token.Form, 0, token.Form.Length) != 0)
            {
                return false;
            }

            var spelled = token.WordCount > 1 && SpellsOut(sentence, token);
            if (spelled)
            {
                var offset = position;
                for (var w = token.FirstWord; w < token.FirstWord + token.WordCount; w++)
                {
                    var length = sentence.Words[w].Form.Length;
                    spans[(offset, length)] = sentence.Words[w].Upos;
                    offset += length;
                }
            }
            else
            {
                spans[(position, token.Form.Length)] = TokenUpos(sentence, token);
            }

            position += token.Form.Length;
        }

        return true;
    }

    // A token kept whole counts as a noun when any of its words is one (e.g. a contracted noun + auxiliary).
    private static string TokenUpos(ConlluSentence sentence, ConlluToken token)
    {
        var words = Enumerable.Range(token.FirstWord, token.WordCount).Select(w => sentence.Words[w].Upos).ToArray();
        return words.FirstOrDefault(u => u is "NOUN" or "PROPN") ?? words[0];
    }

    private static bool SpellsOut(ConlluSentence sentence, ConlluToken token)
    {
        var joined = string.Concat(Enumerable.Range(token.FirstWord, token.WordCount).Select(w => sentence.Words[w].Form));
        return string.Equals(joined, token.Form, StringComparison.OrdinalIgnoreCase);
    }
}
