using DataForge.Core.Errors;
using DataForge.Core.Shards;
using DataForge.NounStats.Inputs;
using DataForge.TestUtils;

namespace DataForge.NounStats.Tests;

public sealed class NounStatsMapReduceTests
{
    private static readonly string?[][] Captions =
    [
        ["Two dogs play in the park.", "A red car parked near a house."],
        ["A cat sleeps on a sofa.", null],
        ["Mountains under a cloudy sky, with a lake and a boat."],
        ["A man holds an umbrella in the rain.", "Apples and pears in a bowl on a table."],
        ["A dog and a cat on a sofa in the park."],
    ];

    private static NounStatsOptions Options(string shards, string output, int? index = null, int? count = null, bool mapOnly = false)
    {
        var options = new NounStatsOptions
        {
            OutputDirectory = output, WritePlots = false, ValidThreshold = 1, Parallelism = 1,
            ShardIndex = index, ShardCount = count, MapOnly = mapOnly,
        };
        options.Inputs.Add(new CaptionInput { Path = shards, Column = "caption", Label = "alt" });
        return options;
    }

    [Fact]
    public async Task MapOnEveryWorker_ThenReduce_EqualsOneRun()
    {
        using var temp = new TempDirectory();
        var shards = new ShardSet(temp.Combine("shards"));
        for (var id = 0; id < Captions.Length; id++)
        {
            await CaptionShards.WriteAsync(shards, id, Captions[id]);
        }

        var whole = (await NounStatsRunner.RunAsync(Options(shards.Directory, temp.Combine("single")))).Statistics[0];
        var mapped = new List<string>();
        for (var worker = 0; worker < 2; worker++)
        {
            var map = await NounStatsRunner.RunAsync(Options(shards.Directory, temp.Combine("array"), worker, 2, mapOnly: true), new SynchronousProgress(p => mapped.Add(p.Unit)));
            Assert.Empty(map.Files); // the map step writes partials, not a report
        }

        var reused = new List<bool>();
        var reduce = await NounStatsRunner.RunAsync(Options(shards.Directory, temp.Combine("array")), new SynchronousProgress(p => reused.Add(p.Reused)));

        Assert.Equal(["00000", "00002", "00004", "00001", "00003"], mapped); // worker 0 owns even shard ids, worker 1 odd
        Assert.Equal(Enumerable.Repeat(true, Captions.Length), reused);
        var merged = reduce.Statistics[0];
        Assert.Equal(whole.Captions, merged.Captions);
        Assert.Equal(whole.TotalNouns, merged.TotalNouns);
        Assert.Equal(whole.DistinctNouns, merged.DistinctNouns);
        Assert.Equal(whole.ValidNouns, merged.ValidNouns);
        Assert.Equal(whole.TopNouns, merged.TopNouns);
        Assert.Equal(
            await File.ReadAllTextAsync(temp.Combine("single", "table1.csv")),
            await File.ReadAllTextAsync(temp.Combine("array", "table1.csv")));
    }

    [Fact]
    public void Validate_PartitionWithoutMapOnly_IsRefused()
    {
        using var temp = new TempDirectory();
        var error = Assert.Throws<OptionsValidationException>(Options(temp.Path, temp.Path, 0, 2).Validate);

        Assert.Equal("--shard-count", error.OptionName);
    }

    [Fact]
    public void Validate_MapOnlyWithoutPartials_IsRefused()
    {
        using var temp = new TempDirectory();
        var options = Options(temp.Path, temp.Path, mapOnly: true);
        options.WritePartials = false;

        Assert.Equal("--map-only", Assert.Throws<OptionsValidationException>(options.Validate).OptionName);
    }
}
