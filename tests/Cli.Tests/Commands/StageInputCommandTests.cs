using DataForge.Core.Errors;
using DataForge.Core.Shards;
using DataForge.TestUtils;

namespace DataForge.Cli.Tests.Commands;

/// <summary>caption and extract-features refuse inputs that would otherwise end in "0 of 0" and success.</summary>
public sealed class StageInputCommandTests
{
    private static async Task<string> WriteUnfinishedShardAsync(TempDirectory dir)
    {
        var set = new ShardSet(dir.Combine("images"));
        await ShardFileWriter.WriteTableAsync(set.DataPath(0), new ShardTable([ShardColumn.Of(ShardColumns.Key, ["000000000"]), ShardColumn.Of(ShardColumns.Status, [RowStatus.Success])]));
        return set.Directory;
    }

    [Fact]
    public async Task Caption_FolderWithoutFinishedShards_ExitsWithUsageError()
    {
        using var dir = new TempDirectory();
        var images = await WriteUnfinishedShardAsync(dir);
        Directory.CreateDirectory(dir.Combine("model"));

        var result = await CliRun.RunAsync("caption", "--model", dir.Combine("model"), "--input", images, "--output", dir.Combine("out"), "--manifest-dir", dir.Combine("m"));

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains($"no finished shards in {images}: 1 .parquet files without _stats.json", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("captioned 0 of 0", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExtractFeatures_FolderWithoutFinishedShards_ExitsWithUsageError()
    {
        using var dir = new TempDirectory();
        var images = await WriteUnfinishedShardAsync(dir);

        var result = await CliRun.RunAsync("extract-features", "--input", images, "--model", dir.Combine("models"), "--output", dir.Combine("features"), "--manifest-dir", dir.Combine("m"));

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains($"no finished shards in {images}: 1 .parquet files without _stats.json", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--seed", "3")]
    [InlineData("-j", "4")]
    public async Task ExtractFeatures_OptionItWouldIgnore_IsNotOffered(string option, string value)
    {
        using var dir = new TempDirectory();
        var images = await WriteUnfinishedShardAsync(dir);

        var result = await CliRun.RunAsync("extract-features", "--input", images, "--model", dir.Combine("models"), option, value);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains(option, result.Error, StringComparison.Ordinal);
    }
}
