using System.Diagnostics;
using DataForge.NounStats.Counting;
using DataForge.NounStats.Tagging;
using DataForge.NounStats.Text;

namespace DataForge.NounStats.Bench;

/// <summary>
/// A cumulative stopwatch breakdown of the NounStats pipeline (clean, + tokenize, + tag, + key and count), so the
/// cost of each stage is the difference between consecutive lines.
/// </summary>
internal static class StageProfile
{
    /// <summary>Prints the time per token of each cumulative stage over <paramref name="captions"/>.</summary>
    public static void Print(string?[] captions, PosTagger tagger, NounCountingSettings settings, int rounds)
    {
        var tokens = new List<Token>(256);
        var tags = new byte[4096];
        var decoder = new SentenceDecoder(tagger.Model);
        var counter = new CaptionNounCounter(tagger, settings);
        long words = 0;
        foreach (var caption in captions)
        {
            tokens.Clear();
            UdTokenizer.Instance.Tokenize(Clean(caption, settings), tokens);
            words += tokens.Count;
        }

        PrintModel(captions, tagger, settings, words);

        Report("clean (normalize + web text)", words, rounds, () =>
        {
            foreach (var caption in captions)
            {
                _ = Clean(caption, settings);
            }
        });
        Report("+ tokenize", words, rounds, () =>
        {
            foreach (var caption in captions)
            {
                tokens.Clear();
                UdTokenizer.Instance.Tokenize(Clean(caption, settings), tokens);
            }
        });
        Report("+ tag", words, rounds, () =>
        {
            foreach (var caption in captions)
            {
                var text = Clean(caption, settings);
                tokens.Clear();
                UdTokenizer.Instance.Tokenize(text, tokens);
                PosTagger.TagTokens(decoder, text, tokens, tags.AsSpan(0, tokens.Count));
            }
        });
        var surface = new CaptionNounCounter(tagger, settings with { KeyForm = NounKeyForm.Surface });
        var nouns = new List<string>();
        Report("+ surface keys, no tally (CaptionNounCounter)", words, rounds, () =>
        {
            foreach (var caption in captions)
            {
                nouns.Clear();
                surface.CollectNouns(caption, nouns);
            }
        });
        Report("+ lemma keys, no tally (CaptionNounCounter)", words, rounds, () =>
        {
            foreach (var caption in captions)
            {
                nouns.Clear();
                counter.CollectNouns(caption, nouns);
            }
        });
        Report("+ lemmatize and count (CaptionNounCounter)", words, rounds, () =>
        {
            var tally = new NounTally();
            foreach (var caption in captions)
            {
                counter.Count(caption, tally);
            }
        });
    }

    // How much of the work the tag dictionary skips, and how large the weight rows a scored word touches are.
    private static void PrintModel(string?[] captions, PosTagger tagger, NounCountingSettings settings, long words)
    {
        var model = tagger.Model;
        var tokens = new List<Token>(256);
        long hits = 0, probes = 0, found = 0;
        var decoder = new SentenceDecoder(model);
        var features = new uint[64];
        var keys = model.FeatureKeys;
        foreach (var caption in captions)
        {
            var text = Clean(caption, settings);
            tokens.Clear();
            UdTokenizer.Instance.Tokenize(text, tokens);
            var ws = decoder.Prepare(text, System.Runtime.InteropServices.CollectionsMarshal.AsSpan(tokens));
            for (var i = 0; i < tokens.Count; i++)
            {
                var n = FeatureTemplates.Extract(ws, i, 3, 3, features);
                for (var f = 0; f < n; f++)
                {
                    probes++;
                    if (Array.BinarySearch(keys, features[f]) >= 0)
                    {
                        found++;
                    }
                }
            }

            foreach (var token in tokens)
            {
                if (model.TryLookupTag(FeatureHash.Exact(text.AsSpan(token.Start, token.Length)), out _))
                {
                    hits++;
                }
            }
        }

        Console.WriteLine($"model: {model.FeatureKeys.Length:N0} feature rows, {model.WeightCount:N0} weights ({(double)model.WeightCount / model.FeatureKeys.Length:F1} per row), tag dictionary {model.TagDictionary.Count:N0} words covering {100.0 * hits / words:F1}% of {words:N0} tokens; feature probes found {100.0 * found / probes:F1}%");
    }

    private static string Clean(string? caption, NounCountingSettings settings)
    {
        var text = UdTokenizer.Normalize(caption ?? string.Empty, settings.Normalization);
        return settings.WebText ? WebText.Clean(text) : text;
    }

    private static void Report(string stage, long words, int rounds, Action run)
    {
        run();
        var stopwatch = Stopwatch.StartNew();
        for (var r = 0; r < rounds; r++)
        {
            run();
        }

        var ns = stopwatch.Elapsed.TotalNanoseconds / rounds / words;
        Console.WriteLine($"profile {stage}: {ns:F0} ns/token cumulative");
    }
}
