using DataForge.Core.Errors;
using DataForge.Core.Shards;
using DataForge.TestUtils;

namespace DataForge.Core.Tests.Shards;

public sealed class ShardFileReaderTests
{
    [SharedDataFact]
    public async Task ReadTableAsync_PyarrowLaionFile_DropsPandasIndexAndMatchesDuckDb()
    {
        var path = SharedData.Path("laion", "test_1000.parquet");

        await using var reader = await ShardFileReader.OpenAsync(path);
        Assert.Contains("__index_level_0__", reader.IgnoredColumns);
        Assert.Equal(["URL", "TEXT"], reader.Schema.Select(s => s.Name));
        var table = await reader.ReadAllAsync();

        var expected = DuckDb.Query($"SELECT URL, TEXT FROM read_parquet('{DuckDb.Escape(path)}')");
        Assert.Equal(1000, table.RowCount);
        Assert.Equal(expected.Select(r => (string?)r[0]), table.Get<string>("URL"));
        Assert.Equal(expected.Select(r => (string?)r[1]), table.Get<string>("TEXT"));
    }

    [Fact]
    public async Task OpenAsync_UnknownNestedAndTimestampColumns_AreIgnoredNotFatal()
    {
        using var dir = new TempDirectory();
        var path = dir.Combine("foreign.parquet");
        DuckDb.Query($"COPY (SELECT 'http://x/' || i AS url, [i, i + 1] AS tags, TIMESTAMP '2024-01-01' AS seen, i::SMALLINT AS small, i AS __index_level_0__ FROM range(5) t(i)) TO '{DuckDb.Escape(path)}' (FORMAT parquet)");

        await using var reader = await ShardFileReader.OpenAsync(path);
        Assert.Equal(["url", "small"], reader.Schema.Select(s => s.Name));
        Assert.Equal(["tags", "seen", "__index_level_0__"], reader.IgnoredColumns);
        var table = await reader.ReadAllAsync(["small", "url"]);
        Assert.Equal(["small", "url"], table.Schema.Select(s => s.Name));
        Assert.Equal([0, 1, 2, 3, 4], table.Get<int?>("small"));
    }

    [Fact]
    public async Task ReadAllAsync_MissingRequestedColumn_NamesFileAndColumn()
    {
        using var dir = new TempDirectory();
        var path = dir.Combine("00000.parquet");
        await ShardFileWriter.WriteTableAsync(path, new ShardTable([ShardColumn.Of("url", new string?[] { "a" })]));

        var ex = await Assert.ThrowsAsync<ShardFormatException>(() => ShardFileReader.ReadTableAsync(path, ["caption"]));
        Assert.Equal("caption", ex.Column);
        Assert.Contains(path, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenAsync_NotParquet_GivesShardFormatException()
    {
        using var dir = new TempDirectory();
        var path = dir.Combine("00000.parquet");
        await File.WriteAllTextAsync(path, "this is not parquet at all, just text pretending to be a shard");
        await Assert.ThrowsAsync<ShardFormatException>(() => ShardFileReader.OpenAsync(path));
    }
}
