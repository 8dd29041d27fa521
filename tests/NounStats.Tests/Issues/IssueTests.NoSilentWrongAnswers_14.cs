using DataForge.Core.Errors;
using DataForge.Core.Shards;
using DataForge.NounStats.Counting;
using DataForge.NounStats.Inputs;
using DataForge.TestUtils;

namespace DataForge.NounStats.Tests.Issues;

/// <summary>
/// Issue 14: each case gave a wrong or misleading number with exit 0 on the original code (stale partials, failed
/// rows counted as empty captions, readers that turned bad lines into empty captions, "0 of 0" on an unfinished folder).
/// </summary>
public sealed partial class IssueTests
{
    private static NounStatsOptions Options(string output, params CaptionInput[] inputs)
    {
        var options = new NounStatsOptions { OutputDirectory = output, WritePlots = false, Parallelism = 1, ValidThreshold = 0 };
        options.Inputs.AddRange(inputs);
        return options;
    }

    [Fact]
    public async Task StalePartials_InputEditedWithSameSizeAndTime_IsRecounted()
    {
        using var temp = new TempDirectory();
        var text = temp.Combine("captions.txt");
        await File.WriteAllTextAsync(text, "A dog.\n");
        var written = File.GetLastWriteTimeUtc(text);
        var options = Options(temp.Combine("report"), new CaptionInput { Path = text });
        var first = (await NounStatsRunner.RunAsync(options)).Statistics[0];

        // Same length, same modification time: only the content tells the edit apart.
        await File.WriteAllTextAsync(text, "A cat.\n");
        File.SetLastWriteTimeUtc(text, written);
        var reused = new List<bool>();
        var second = (await NounStatsRunner.RunAsync(options, new SynchronousProgress(p => reused.Add(p.Reused)))).Statistics[0];

        Assert.Equal("dog", Assert.Single(first.TopNouns).Noun);
        Assert.Equal("cat", Assert.Single(second.TopNouns).Noun);
        Assert.Equal([false], reused);
    }

    [Fact]
    public async Task StalePartials_NounDefinitionSwitched_IsRecounted()
    {
        using var temp = new TempDirectory();
        var text = temp.Combine("captions.txt");
        await File.WriteAllLinesAsync(text, ["Alice walks her dog in Paris."]);
        var options = Options(temp.Combine("report"), new CaptionInput { Path = text });
        var all = (await NounStatsRunner.RunAsync(options)).Statistics[0];

        options.Definition = NounDefinition.Common;
        var common = (await NounStatsRunner.RunAsync(options)).Statistics[0];

        Assert.Equal(3, all.TotalNouns); // Alice, dog, Paris
        Assert.Equal(1, common.TotalNouns); // dog
    }

    [Fact]
    public async Task StalePartials_KeyFormSwitched_IsRecounted()
    {
        using var temp = new TempDirectory();
        var text = temp.Combine("captions.txt");
        await File.WriteAllLinesAsync(text, ["A dog and two dogs."]);
        var options = Options(temp.Combine("report"), new CaptionInput { Path = text });
        var lemma = (await NounStatsRunner.RunAsync(options)).Statistics[0];

        options.KeyForm = NounKeyForm.Surface;
        var surface = (await NounStatsRunner.RunAsync(options)).Statistics[0];

        Assert.Equal(1, lemma.DistinctNouns); // dog
        Assert.Equal(2, surface.DistinctNouns); // dog, dogs
    }

    [Fact]
    public async Task Reduce_MapPartialsMadeWithOtherSettings_IsRefused()
    {
        using var temp = new TempDirectory();
        var shards = new ShardSet(temp.Combine("shards"));
        await CaptionShards.WriteAsync(shards, 0, ["Alice walks her dog in Paris."]);
        await CaptionShards.WriteAsync(shards, 1, ["A cat sleeps on a sofa."]);
        for (var worker = 0; worker < 2; worker++)
        {
            var map = Options(temp.Combine("array"), new CaptionInput { Path = shards.Directory, Label = "alt" });
            (map.ShardIndex, map.ShardCount, map.MapOnly) = (worker, 2, true);
            await NounStatsRunner.RunAsync(map);
        }

        var reduce = Options(temp.Combine("array"), new CaptionInput { Path = shards.Directory, Label = "alt" });
        reduce.Definition = NounDefinition.Common;
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => NounStatsRunner.RunAsync(reduce));

        Assert.Equal("--nouns", error.OptionName);
        Assert.Contains("All", error.Message, StringComparison.Ordinal);
        Assert.Contains("Common", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FailedRows_StatusNotSuccess_AreLeftOutByDefault()
    {
        using var temp = new TempDirectory();
        var shards = new ShardSet(temp.Combine("shards"));
        await CaptionShards.WriteAsync(shards, 0,
        [
            ShardColumn.Of("caption", new string?[] { "A dog.", "A cat and a bird.", "A tree.", "A car." }),
            ShardColumn.Of("status", new string?[] { "success", "failed_to_download", "success", "success" }),
            ShardColumn.Of("caption_status", new string?[] { "success", "success", "success", "failed" }),
        ]);

        var stats = (await NounStatsRunner.RunAsync(Options(temp.Combine("report"), new CaptionInput { Path = shards.Directory }))).Statistics[0];

        Assert.Equal(2, stats.Captions); // rows 0 and 2
        Assert.Equal(2, stats.TotalNouns); // dog, tree
        Assert.Equal(1.0, stats.AveragePerCaption);
    }

    [Fact]
    public async Task Jsonl_LineWithoutTheField_IsAnErrorNamingFieldAndLine()
    {
        using var temp = new TempDirectory();
        var jsonl = temp.Combine("captions.jsonl");
        await File.WriteAllLinesAsync(jsonl, ["{\"caption\": \"A red apple.\"}", "", "{\"text\": \"A dog.\"}"]);

        var error = await Assert.ThrowsAsync<OptionsValidationException>(
            () => NounStatsRunner.RunAsync(Options(temp.Combine("report"), new CaptionInput { Path = jsonl, Column = "caption" })));

        Assert.Contains("'caption'", error.Message, StringComparison.Ordinal);
        Assert.Contains("line 3", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"A dog.\"")]
    [InlineData("[1, 2]")]
    [InlineData("{not json")]
    public async Task Jsonl_LineThatIsNoObject_IsAnErrorNamingTheLine(string badLine)
    {
        using var temp = new TempDirectory();
        var jsonl = temp.Combine("captions.jsonl");
        await File.WriteAllLinesAsync(jsonl, ["{\"caption\": \"A red apple.\"}", badLine]);

        var error = await Assert.ThrowsAsync<OptionsValidationException>(
            () => NounStatsRunner.RunAsync(Options(temp.Combine("report"), new CaptionInput { Path = jsonl, Column = "caption" })));

        Assert.Contains("line 2", error.Message, StringComparison.Ordinal);
        Assert.Contains("'caption'", error.Message, StringComparison.Ordinal);
    }

    [SharedDataFact]
    public async Task Json_CocoStyleArray_IsReadAsArrayOfObjects()
    {
        using var temp = new TempDirectory();
        var coco = SharedData.Path("captions", "coco_captions_1000.json");

        var stats = (await NounStatsRunner.RunAsync(Options(temp.Path, new CaptionInput { Path = coco, Column = "caption" }))).Statistics[0];

        Assert.Equal(1000, stats.Captions); // the file's 1000 {image_id, caption} objects
        Assert.InRange(stats.AveragePerCaption, 2.0, 5.0); // short human captions: "Man riding a motor bike on a dirt road…"
    }

    [SharedDataFact]
    public async Task Json_ObjectThatIsNoArray_IsRefusedWithAHint()
    {
        using var temp = new TempDirectory();
        var pandasColumns = SharedData.Path("laion", "derived", "test_1000.json"); // {"URL": {"0": …}, "TEXT": {…}}

        var error = await Assert.ThrowsAsync<OptionsValidationException>(
            () => NounStatsRunner.RunAsync(Options(temp.Path, new CaptionInput { Path = pandasColumns, Column = "TEXT" })));

        Assert.Contains("array of objects", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Text_BlankLines_AreSkipped()
    {
        using var temp = new TempDirectory();
        var text = temp.Combine("captions.txt");
        await File.WriteAllLinesAsync(text, ["A dog.", "", "   ", "Two birds on a wire."]);

        var stats = (await NounStatsRunner.RunAsync(Options(temp.Combine("report"), new CaptionInput { Path = text }))).Statistics[0];

        Assert.Equal(2, stats.Captions);
        Assert.Equal(1.5, stats.AveragePerCaption); // (dog + birds, wire) / 2
    }

    [SharedDataFact]
    public async Task Parquet_MissingColumn_IsAUsageError()
    {
        using var temp = new TempDirectory();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(
            () => NounStatsRunner.RunAsync(Options(temp.Path, new CaptionInput { Path = NounStatsTestData.LaionTest1000, Column = "caption" })));

        Assert.Equal("--caption-column", error.OptionName);
        Assert.Contains("TEXT", error.Message, StringComparison.Ordinal); // the columns it does have
    }

    [Fact]
    public async Task ShardFolder_WithoutFinishedShards_IsAUsageError()
    {
        using var temp = new TempDirectory();
        var shards = new ShardSet(temp.Combine("shards"));
        await CaptionShards.WriteAsync(shards, 0, ["A dog."], done: false);
        await CaptionShards.WriteAsync(shards, 1, ["A cat."], done: false);

        var error = await Assert.ThrowsAsync<OptionsValidationException>(
            () => NounStatsRunner.RunAsync(Options(temp.Combine("report"), new CaptionInput { Path = shards.Directory })));

        Assert.Equal("--input", error.OptionName);
        Assert.Contains($"no finished shards in {shards.Directory}: 2 .parquet files without _stats.json", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ShardFolder_MapWorkerThatOwnsNoShard_HasNothingToDo_ButOneOwningAnUnfinishedShardIsRefused()
    {
        using var temp = new TempDirectory();
        var shards = new ShardSet(temp.Combine("shards"));
        await CaptionShards.WriteAsync(shards, 0, ["A dog."], done: false);
        await CaptionShards.WriteAsync(shards, 1, ["A cat."], done: false);
        NounStatsOptions Map(int worker)
        {
            var map = Options(temp.Combine("report"), new CaptionInput { Path = shards.Directory });
            (map.ShardIndex, map.ShardCount, map.MapOnly) = (worker, 4, true);
            return map;
        }

        var idle = (await NounStatsRunner.RunAsync(Map(3))).Statistics[0]; // more array tasks than shards

        Assert.Equal(0, idle.Captions);
        Assert.Equal("--input", (await Assert.ThrowsAsync<OptionsValidationException>(() => NounStatsRunner.RunAsync(Map(0)))).OptionName);
    }
}
