using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using DataForge.Core.Shards;
using DataForge.NounStats.Counting;
using DataForge.NounStats.Tagging;
using DataForge.TestUtils;

namespace DataForge.NounStats.Tests.Tagging;

/// <summary>
/// Speed work on the tagger must not change a single tag or noun count. The digests were computed by main at
/// 1167fe2 (before the issue #20 attempt 3 changes) with bench/NounStats.Bench (NOUNSTATS_AB, which prints the same
/// digests for any two builds), over the bench captions: LAION test_10000 TEXT then the dense captions.
/// </summary>
public sealed class TagsAndCountsGoldenTests
{
    [SharedDataFact]
    public async Task TagAndCount_BenchCaptions_MatchTheDigestsOfTheCodeBeforeTheSpeedWork()
    {
        var laion = (await ShardFileReader.ReadTableAsync(NounStatsTestData.LaionTest10000, ["TEXT"])).Get<string>("TEXT");
        var dense = File.ReadLines(NounStatsTestData.DenseCaptions)
            .Select(l => JsonDocument.Parse(l).RootElement.GetProperty("caption").GetString());
        string?[] captions = [.. laion, .. dense];
        var tags = new StringBuilder();
        foreach (var caption in captions)
        {
            if (string.IsNullOrEmpty(caption))
            {
                continue;
            }

            foreach (var word in PosTagger.Default.Tag(caption))
            {
                tags.Append(word.Upos).Append('/').Append(word.Xpos).Append(' ');
            }

            tags.Append('\n');
        }

        var counter = new CaptionNounCounter(PosTagger.Default, new NounCountingSettings());
        var tally = new NounTally();
        foreach (var caption in captions)
        {
            counter.Count(caption, tally);
        }

        var nouns = string.Concat(tally.Counts.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}\t{p.Value}\n"));

        Assert.Equal(10_030, captions.Length);
        Assert.Equal((17_269, 58_340L), (tally.Counts.Count, tally.TotalNouns));
        Assert.Equal("d82fd08aaa946d062b8f2b0d0bf8390c17b1a4c8eb489e813ca1b6ebcc9c4cbe", Sha256(tags.ToString()));
        Assert.Equal("84d26f7c01cd951005d243ae48f0a8f4cc7aca0b1b428365141c5dd91f0d6e38", Sha256(nouns));
    }

    private static string Sha256(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
