using System.Text.Json;
using DataForge.Core.Shards;
using DataForge.NounStats.Conllu;
using DataForge.NounStats.Tagging;
using DataForge.TestUtils;

namespace DataForge.NounStats.Tests.Tagging;

public sealed class WordRowTableTests
{
    [SharedDataFact]
    public void Decode_EwtDevAndTest_GivesTheSameTagsWithAndWithoutWordRows()
    {
        var withRows = PosTagger.Default.Model;
        Assert.NotNull(withRows.WordRows);
        var on = new SentenceDecoder(withRows);
        var off = new SentenceDecoder(withRows.WithWordRows(null));
        int tokens = 0, known = 0, differing = 0;
        foreach (var path in new[] { NounStatsTestData.EwtDev, NounStatsTestData.EwtTest })
        {
            foreach (var sentence in ConlluReader.ReadFile(path))
            {
                var forms = sentence.Words.Select(w => w.Form).ToArray();
                var tagsOn = new byte[forms.Length];
                var tagsOff = new byte[forms.Length];
                var words = on.Prepare(forms);
                for (var i = 0; i < forms.Length; i++)
                {
                    known += words[i + 2].Row != 0 ? 1 : 0;
                }

                on.Decode(words, tagsOn);
                off.Decode(off.Prepare(forms), tagsOff);
                tokens += forms.Length;
                differing += tagsOn.Zip(tagsOff).Count(p => p.First != p.Second);
            }
        }

        Assert.Equal(25_147 + 25_094, tokens); // words (no multiword or empty nodes) of dev and test, counted with awk
        Assert.Equal(0, differing);

        // Not a vacuous comparison: most tokens go through the rows.
        Assert.True(known > tokens * 0.8, $"{known} of {tokens} tokens have rows");
    }

    [SharedDataFact]
    public async Task Tag_BenchCaptions_GivesTheSameTagsWithAndWithoutWordRows()
    {
        var laion = (await ShardFileReader.ReadTableAsync(NounStatsTestData.LaionTest10000, ["TEXT"])).Get<string>("TEXT");
        var dense = File.ReadLines(NounStatsTestData.DenseCaptions)
            .Select(l => JsonDocument.Parse(l).RootElement.GetProperty("caption").GetString());
        var on = PosTagger.Default;
        var off = new PosTagger(on.Model.WithWordRows(null));
        int tokens = 0, differing = 0;
        foreach (var caption in laion.Concat(dense))
        {
            if (string.IsNullOrEmpty(caption))
            {
                continue;
            }

            var tagsOn = on.Tag(caption);
            var tagsOff = off.Tag(caption);
            Assert.Equal(tagsOff.Count, tagsOn.Count);
            tokens += tagsOn.Count;
            differing += tagsOn.Zip(tagsOff).Count(p => p.First.Upos != p.Second.Upos || p.First.Xpos != p.Second.Xpos);
        }

        Assert.True(tokens > 100_000, $"{tokens} tokens");
        Assert.Equal(0, differing);
    }

    [Fact]
    public void SplitTemplates_TogetherGiveExactlyTheFeaturesOfExtract()
    {
        var forms = new[] { "The", "quick", "Brown-fox", "jumps", "over", "12", "lazy", "DOGS", "." };
        var words = new SentenceDecoder(PosTagger.Default.Model.WithWordRows(null)).Prepare(forms).ToArray();
        var all = new uint[FeatureTemplates.MaxFeatures];
        var split = new uint[FeatureTemplates.MaxFeatures];
        for (var i = 0; i < forms.Length; i++)
        {
            foreach (var (prev, prev2) in new[] { (FeatureTemplates.StartTag, FeatureTemplates.StartTag), (3, 7), (40, 3) })
            {
                var count = FeatureTemplates.Extract(words, i, prev, prev2, all);
                var n = FeatureTemplates.ExtractSelf(words[i + 2], split, 0);
                n = FeatureTemplates.ExtractAsPrevious(words[i + 1], split, n);
                n = FeatureTemplates.ExtractAsPrevious2(words[i], split, n);
                n = FeatureTemplates.ExtractAsNext(words[i + 3], split, n);
                n = FeatureTemplates.ExtractAsNext2(words[i + 4], split, n);
                n = FeatureTemplates.ExtractHistory(prev, prev2, split, n);
                n = FeatureTemplates.ExtractContext(words, i, prev, prev2, split, n);

                Assert.Equal(all[..count].Order(), split[..n].Order());
            }
        }
    }

    [Fact]
    public void Build_KnownFormsOnly_DuplicatesAndEmptyIgnored_CaseKept()
    {
        var table = WordRowTable.Build(PosTagger.Default.Model.WithWordRows(null), ["dog", "dog", "", "Dog"]);

        Assert.Equal(4, table.Count); // dog, Dog and the two sentence boundaries
        Assert.True(table.TryGet(FeatureHash.Exact("Dog"), out var dog));
        Assert.NotEqual(0, dog.Row);
        Assert.False(table.TryGet(FeatureHash.Exact("cat"), out _));
        Assert.Equal(0, table.Stride % 8);
        Assert.True(table.Stride >= PosTagger.Default.Model.Tags.Count);
    }

    [Fact]
    public void Build_LargeTagSet_SkipsTheHistoryRowsAndStillTagsLikeTheProbePath()
    {
        // 250 tags would need 64.5 MB of history rows; the table leaves them out and the decoder probes instead.
        var shipped = PosTagger.Default.Model;
        var tags = new TagSet([.. shipped.Tags.Joint, .. Enumerable.Range(0, 250 - shipped.Tags.Count).Select(i => $"X{i}|X{i}")]);
        // Two rows: the bias (tag 1 +5, tag 249 -4) and "previous tag is the sentence start" (tag 3 +7, tag 200 +2), so
        // the first word is tag 3 (7 > 5) only if the history feature is scored, and every later word is tag 1.
        var bias = FeatureHash.Feature(0, 0);
        var afterStart = FeatureHash.Feature(16, (ulong)FeatureTemplates.StartTag);
        var (keys, entryTags, entryWeights) = bias < afterStart
            ? (new[] { bias, afterStart }, new byte[] { 1, 249, 3, 200 }, new short[] { 5, -4, 7, 2 })
            : (new[] { afterStart, bias }, new byte[] { 3, 200, 1, 249 }, new short[] { 7, 2, 5, -4 });
        var large = new TaggerModel(tags, new Dictionary<ulong, byte>(), shipped.Ambiguity, keys, [0, 2, 4], entryTags, entryWeights, NounStats.Lemmas.LemmaTables.Empty, string.Empty);

        var withRows = large.WithWordRows(["the", "dog", "runs"]);

        Assert.False(withRows.WordRows!.HasHistoryRows);
        Assert.True(withRows.WordRows.RowBytes < 4L << 20, $"{withRows.WordRows.RowBytes} bytes");
        Assert.True(PosTagger.Default.Model.WordRows!.HasHistoryRows);
        var forms = new[] { "the", "dog", "runs", "fast", "." };
        var on = new SentenceDecoder(withRows);
        var off = new SentenceDecoder(large);
        var tagsOn = new byte[forms.Length];
        var tagsOff = new byte[forms.Length];
        on.Decode(on.Prepare(forms), tagsOn);
        off.Decode(off.Prepare(forms), tagsOff);
        Assert.Equal([3, 1, 1, 1, 1], tagsOn);
        Assert.Equal(tagsOff, tagsOn);
    }
}
