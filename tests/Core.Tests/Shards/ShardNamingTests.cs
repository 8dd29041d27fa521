using DataForge.Core.Shards;

namespace DataForge.Core.Tests.Shards;

public sealed class ShardNamingTests
{
    [Theory]
    [InlineData(1, 5, 10_000, "000010005")] // img2dataset's documented example: row 5 of shard 1.
    [InlineData(0, 0, 10_000, "000000000")]
    [InlineData(12, 9_999, 10_000, "000129999")]
    [InlineData(2, 3, 100, "0000203")]
    [InlineData(2, 10_000, 10_001, "0000210000")]
    public void Format_FollowsImg2datasetKeys(int shard, int row, int perShard, string expected) =>
        Assert.Equal(expected, SampleKey.Format(shard, row, perShard));

    [Fact]
    public void Parse_InvertsFormat()
    {
        for (var shard = 0; shard < 30; shard += 7)
        {
            for (var row = 0; row < 1000; row += 37)
            {
                Assert.Equal((shard, row), SampleKey.Parse(SampleKey.Format(shard, row, 1000), 1000));
            }
        }
    }

    [Fact]
    public void Format_RowBeyondShardCapacity_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => SampleKey.Format(0, 100, 100));

    [Fact]
    public void FileNames_AreZeroPadded() =>
        Assert.Equal(("00042.parquet", "00042_stats.json"), (ShardNaming.DataFileName(42), ShardNaming.StatsFileName(42)));

    [Theory]
    [InlineData("00042.parquet", true, 42)]
    [InlineData("/a/b/00000.parquet", true, 0)]
    [InlineData("00042.parquet.tmp-0123456789ab", false, -1)]
    [InlineData("00042_stats.json", false, -1)]
    [InlineData("part-1.parquet", false, -1)]
    [InlineData(".parquet", false, -1)]
    public void TryParseDataFileName_AcceptsOnlyCompleteShardNames(string name, bool ok, int id)
    {
        Assert.Equal(ok, ShardNaming.TryParseDataFileName(name, out var parsed));
        Assert.Equal(id, parsed);
    }
}
