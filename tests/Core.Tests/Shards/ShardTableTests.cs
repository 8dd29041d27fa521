using DataForge.Core.Errors;
using DataForge.Core.Shards;

namespace DataForge.Core.Tests.Shards;

public sealed class ShardTableTests
{
    [Fact]
    public void Concat_ColumnMissingInOnePart_IsFilledWithNulls()
    {
        var a = new ShardTable([ShardColumn.Of("key", new string?[] { "a", "b" })]);
        var b = new ShardTable([ShardColumn.Of("key", new string?[] { "c" }), ShardColumn.Of("dense_caption", new string?[] { "a dog" })]);

        var all = ShardTable.Concat([a, b]);

        Assert.Equal(new string?[] { "a", "b", "c" }, all.Get<string>("key"));
        Assert.Equal(new string?[] { null, null, "a dog" }, all.Get<string>("dense_caption"));
    }

    [Fact]
    public void Concat_TypeConflict_Throws()
    {
        var a = new ShardTable([ShardColumn.Of("width", new int?[] { 1 })]);
        var b = new ShardTable([ShardColumn.Of("width", new long?[] { 1 })]);
        Assert.Throws<ShardFormatException>(() => ShardTable.Concat([a, b]));
    }

    [Fact]
    public void Constructor_UnequalLengths_Throws() =>
        Assert.Throws<ArgumentException>(() => new ShardTable(
            [ShardColumn.Of("a", new int?[] { 1 }), ShardColumn.Of("b", new int?[] { 1, 2 })]));

    [Fact]
    public void WithColumn_ReplacesByNameAndKeepsOrder()
    {
        var t = new ShardTable([ShardColumn.Of("a", new int?[] { 1 }), ShardColumn.Of("b", new int?[] { 2 })])
            .WithColumn(ShardColumn.Of("a", new int?[] { 9 }))
            .WithColumn(ShardColumn.Of("c", new int?[] { 3 }));
        Assert.Equal(["a", "b", "c"], t.Schema.Select(s => s.Name));
        Assert.Equal([9], t.Get<int?>("a"));
    }

    [Fact]
    public void Get_WrongType_ThrowsWithColumnName()
    {
        var t = new ShardTable([ShardColumn.Of("width", new int?[] { 1 })]);
        var ex = Assert.Throws<ShardFormatException>(() => t.Get<string>("width"));
        Assert.Equal("width", ex.Column);
    }
}
