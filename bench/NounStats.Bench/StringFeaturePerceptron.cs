using System.Text.RegularExpressions;
using DataForge.NounStats.Conllu;

namespace DataForge.NounStats.Bench;

/// <summary>
/// The baseline: NLTK's <c>PerceptronTagger</c> design ported line for line to C# — string features built by
/// concatenation, <c>Dictionary&lt;string, Dictionary&lt;string, double&gt;&gt;</c> weights, a regex word tokenizer
/// and string keys for counting. It shows what the design costs, independent of Python.
/// </summary>
internal sealed partial class StringFeaturePerceptron
{
    private readonly Dictionary<string, Dictionary<string, double>> _weights = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _tagDictionary = new(StringComparer.Ordinal);
    private readonly HashSet<string> _classes = new(StringComparer.Ordinal);

    public static StringFeaturePerceptron Train(IReadOnlyList<ConlluSentence> sentences, int iterations)
    {
        var tagger = new StringFeaturePerceptron();
        foreach (var group in sentences.SelectMany(s => s.Words).GroupBy(w => w.Form))
        {
            var best = group.GroupBy(w => w.Upos).OrderByDescending(g => g.Count()).First();
            if (group.Count() >= 20 && best.Count() >= 0.97 * group.Count())
            {
                tagger._tagDictionary[group.Key] = best.Key;
            }
        }

        foreach (var word in sentences.SelectMany(s => s.Words))
        {
            tagger._classes.Add(word.Upos);
        }

        for (var it = 0; it < iterations; it++)
        {
            foreach (var sentence in sentences)
            {
                var words = sentence.Words.Select(w => w.Form).ToList();
                var context = Context(words);
                string prev = "-START-", prev2 = "-START2-";
                for (var i = 0; i < words.Count; i++)
                {
                    var guess = tagger._tagDictionary.GetValueOrDefault(words[i]);
                    if (guess is null)
                    {
                        var features = Features(i, words[i], context, prev, prev2);
                        guess = tagger.Predict(features);
                        var gold = sentence.Words[i].Upos;
                        if (guess != gold)
                        {
                            foreach (var f in features)
                            {
                                if (!tagger._weights.TryGetValue(f, out var w))
                                {
                                    tagger._weights[f] = w = new Dictionary<string, double>(StringComparer.Ordinal);
                                }

                                w[gold] = w.GetValueOrDefault(gold) + 1;
                                w[guess] = w.GetValueOrDefault(guess) - 1;
                            }
                        }
                    }

                    prev2 = prev;
                    prev = guess;
                }
            }
        }

        return tagger;
    }

    /// <summary>Tokenizes, tags and counts nouns (NOUN+PROPN keyed by lower-cased form); returns the word count.</summary>
    public int CountCaption(string caption, Dictionary<string, long> counts)
    {
        var words = WordPattern().Matches(caption).Select(m => m.Value).ToList();
        var context = Context(words);
        string prev = "-START-", prev2 = "-START2-";
        for (var i = 0; i < words.Count; i++)
        {
            var tag = _tagDictionary.GetValueOrDefault(words[i]) ?? Predict(Features(i, words[i], context, prev, prev2));
            if (tag is "NOUN" or "PROPN")
            {
                var key = words[i].ToLowerInvariant();
                counts[key] = counts.GetValueOrDefault(key) + 1;
            }

            prev2 = prev;
            prev = tag;
        }

        return words.Count;
    }

    private string Predict(List<string> features)
    {
        var scores = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var f in features)
        {
            if (_weights.TryGetValue(f, out var w))
            {
                foreach (var (label, weight) in w)
                {
                    scores[label] = scores.GetValueOrDefault(label) + weight;
                }
            }
        }

        return _classes.OrderByDescending(c => (scores.GetValueOrDefault(c), c)).First();
    }

    private static List<string> Context(List<string> words) =>
        ["-START-", "-START2-", .. words.Select(Normalize), "-END-", "-END2-"];

    private static string Normalize(string word) =>
        word.Contains('-') && word[0] != '-' ? "!HYPHEN"
        : word.Length == 4 && word.All(char.IsDigit) ? "!YEAR"
        : char.IsDigit(word[0]) ? "!DIGITS"
        : word.ToLowerInvariant();

    private static List<string> Features(int i, string word, List<string> context, string prev, string prev2)
    {
        i += 2;
        var suffix = (string s) => s.Length > 3 ? s[^3..] : s;
        return
        [
            "bias",
            "i suffix " + suffix(word),
            "i pref1 " + (word.Length > 0 ? word[..1] : string.Empty),
            "i-1 tag " + prev,
            "i-2 tag " + prev2,
            "i tag+i-2 tag " + prev + " " + prev2,
            "i word " + context[i],
            "i-1 tag+i word " + prev + " " + context[i],
            "i-1 word " + context[i - 1],
            "i-1 suffix " + suffix(context[i - 1]),
            "i-2 word " + context[i - 2],
            "i+1 word " + context[i + 1],
            "i+1 suffix " + suffix(context[i + 1]),
            "i+2 word " + context[i + 2],
        ];
    }

    [GeneratedRegex(@"\w+(?:[-']\w+)*|[^\w\s]+")]
    private static partial Regex WordPattern();
}
