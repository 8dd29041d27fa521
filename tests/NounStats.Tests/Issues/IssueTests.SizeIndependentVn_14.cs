using DataForge.Core.Shards;
using DataForge.NounStats.Inputs;
using DataForge.TestUtils;

namespace DataForge.NounStats.Tests.Issues;

public sealed partial class IssueTests
{
    [SharedDataFact]
    public async Task VnAtSample_TenCopiesOfACorpus_StaysWhereVnGrows()
    {
        using var temp = new TempDirectory();
        var captions = (await ShardFileReader.ReadTableAsync(NounStatsTestData.LaionTest10000, ["TEXT"])).Get<string>("TEXT");
        var tenCopies = temp.Combine("ten_copies.parquet");
        await ShardFileWriter.WriteTableAsync(tenCopies, new ShardTable([ShardColumn.Of("TEXT", Enumerable.Repeat(captions, 10).SelectMany(c => c).ToArray())]));
        var options = new NounStatsOptions
        {
            OutputDirectory = temp.Combine("report"), WritePlots = false, WritePartials = false, Parallelism = 2,
            SampleNouns = 20_000, // below the ~56K nouns of one copy
        };
        options.Inputs.Add(new CaptionInput { Path = NounStatsTestData.LaionTest10000, Column = "TEXT", Label = "once" });
        options.Inputs.Add(new CaptionInput { Path = tenCopies, Column = "TEXT", Label = "ten copies" });

        var report = await NounStatsRunner.RunAsync(options);
        var (once, ten) = (report.Statistics[0], report.Statistics[1]);

        Assert.Equal(10 * once.TotalNouns, ten.TotalNouns);
        Assert.True(ten.ValidNouns > 3 * once.ValidNouns, $"VN {once.ValidNouns} → {ten.ValidNouns}: VN grows with copies");
        var ratio = ten.ValidNounsAtSample!.Value / once.ValidNounsAtSample!.Value;
        Assert.InRange(ratio, 0.9, 1.1);
    }
}
