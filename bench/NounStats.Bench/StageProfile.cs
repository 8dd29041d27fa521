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
