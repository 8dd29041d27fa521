using DataForge.Core.Shards;
using DataForge.NounStats.Counting;
using DataForge.NounStats.Tagging;
using DataForge.TestUtils;

namespace DataForge.NounStats.Tests.Counting;

public sealed class NounTallyTests
{
    [Fact]
    public void Summarize_KnownCounts_ComputesTable1Definitions()
    {
        var tally = new NounTally();
        tally.AddNoun("dog", 11);
        tally.AddNoun("cat", 10);
        tally.AddNoun("bird", 3);
        tally.AddCaption(20, 50);
        tally.AddCaption(4, 10);
        tally.AddCaption(0, 0);
        tally.AddCaption(0, 3);

        var stats = tally.Summarize("x", validThreshold: 10, topK: 2);

        Assert.Equal(24, stats.TotalNouns);
        Assert.Equal(3, stats.DistinctNouns);
        Assert.Equal(1, stats.ValidNouns); // strictly more than 10
        Assert.Equal(1.0 / 3, stats.ValidRatio, 12);
        Assert.Equal(6.0, stats.AveragePerCaption, 12); // 24 nouns / 4 captions, empty ones included
        Assert.Equal(["dog", "cat"], stats.TopNouns.Select(n => n.Noun));
        Assert.Equal(2, stats.NounsPerCaptionHistogram[0]);
        Assert.Equal(1, stats.NounsPerCaptionHistogram[20]);
        Assert.Equal(63, stats.Tokens);
    }

    [SharedDataFact]
    public async Task Merge_RandomSplitsAndOrders_EqualsSinglePass()
    {
        var captions = await LaionCaptionsAsync();
        var single = CountAll(captions);
        var random = new Random(20240501);
        for (var trial = 0; trial < 8; trial++)
        {
            // Cut the captions into 1–7 random contiguous or shuffled parts and merge them in a random order.
            var order = Enumerable.Range(0, captions.Length).ToArray();
            if (trial % 2 == 1)
            {
                random.Shuffle(order);
            }

            var parts = random.Next(1, 8);
            var cuts = Enumerable.Range(0, parts - 1).Select(_ => random.Next(0, captions.Length)).Append(0).Append(captions.Length).Order().ToArray();
            var tallies = Enumerable.Range(0, parts).Select(p => CountAll(order[cuts[p]..cuts[p + 1]].Select(i => captions[i]).ToArray())).ToList();
            random.Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(tallies));
            var merged = new NounTally();
            foreach (var tally in tallies)
            {
                merged.Merge(tally);
            }

            Assert.True(merged.ContentEquals(single), $"trial {trial}: {parts} parts differ from the single pass");
        }
    }

    [SharedDataFact]
    public async Task Merge_IsAssociativeAndCommutative()
    {
        var captions = await LaionCaptionsAsync();
        var a = CountAll(captions[..300]);
        var b = CountAll(captions[300..650]);
        var c = CountAll(captions[650..]);

        var left = Merged(Merged(a, b), c);
        var right = Merged(a, Merged(b, c));
        var swapped = Merged(Merged(c, a), b);

        Assert.True(left.ContentEquals(right));
        Assert.True(left.ContentEquals(swapped));
        Assert.Equal(captions.Length, left.Captions);
    }

    [SharedDataFact]
    public async Task PartialStore_WriteThenRead_RoundTripsAndMergesToSinglePass()
    {
        var captions = await LaionCaptionsAsync();
        using var temp = new TempDirectory();
        var settings = new NounCountingSettings();
        var counter = new CaptionNounCounter(PosTagger.Default, settings);
        for (var unit = 0; unit < 3; unit++)
        {
            var slice = captions[(unit * 400)..Math.Min(captions.Length, (unit + 1) * 400)];
            var tally = new NounTally();
            var nouns = new int[slice.Length];
            var tokens = new int[slice.Length];
            for (var r = 0; r < slice.Length; r++)
            {
                (nouns[r], tokens[r]) = counter.Count(slice[r], tally);
            }

            tally.AddLeftOutRows(unit); // rows a status filter dropped travel with the partial
            var meta = new NounPartialMeta($"source-{unit}", new Dictionary<string, string> { ["--nouns"] = "All" }, FromMap: false, LeftOutRows: unit);
            await NounPartialStore.WriteAsync(temp.Path, $"{unit:D5}", tally, nouns, tokens, meta);
            Assert.True((await NounPartialStore.ReadAsync(temp.Path, $"{unit:D5}")).ContentEquals(tally));
            Assert.Equal(meta.Source, (await NounPartialStore.TryReadMetaAsync(temp.Path, $"{unit:D5}"))!.Source);
        }

        var merged = await NounPartialStore.MergeDirectoryAsync(temp.Path);

        Assert.Equal(["00000", "00001", "00002"], NounPartialStore.ListUnits(temp.Path));
        var expected = CountAll(captions);
        expected.AddLeftOutRows(0 + 1 + 2);
        Assert.True(merged.ContentEquals(expected));
    }

    private static NounTally Merged(NounTally x, NounTally y)
    {
        var result = new NounTally();
        result.Merge(x);
        result.Merge(y);
        return result;
    }

    private static NounTally CountAll(string?[] captions)
    {
        var counter = new CaptionNounCounter(PosTagger.Default, new NounCountingSettings());
        var tally = new NounTally();
        foreach (var caption in captions)
        {
            counter.Count(caption, tally);
        }

        return tally;
    }

    private static async Task<string?[]> LaionCaptionsAsync() =>
        (await ShardFileReader.ReadTableAsync(NounStatsTestData.LaionTest1000, ["TEXT"])).Get<string>("TEXT");
}
