using DataForge.Core.Shards;
using DataForge.Ingest.Tests.Infrastructure;
using DataForge.TestUtils;

namespace DataForge.Ingest.Tests.Tars;

/// <summary>Retry-failed over shards that were read from tars or an image folder re-reads each row from that source.</summary>
public sealed class RetryFailedLocalTests
{
    [SharedDataFact]
    public async Task RetryFailed_OverTarShards_RereadsTheMemberAndKeepsTheFailureKind()
    {
        // Given a WebDataset tar with a good sample, a member that is not an image, and an escaping member
        using var temp = new TempDirectory();
        var tar = temp.Combine("data.tar");
        var jpeg = File.ReadAllBytes(Path.Combine(TestPhotos.Small, "456_123.jpg"));
        using (var builder = new TarBuilder(tar))
        {
            builder.File("000.jpg", jpeg).Text("000.txt", "good")
                .File("001.jpg", "not a jpeg at all"u8.ToArray()).Text("001.txt", "broken")
                .File("../escape.jpg", jpeg);
        }

        var first = temp.Combine("first");
        await new IngestRunner(IngestTestOptions.Create(tar, first)).RunAsync();
        var before = ShardReadBack.Rows(first, "key, url, status, error_message");
        Assert.Equal([RowStatus.Success, RowStatus.FailedToResize, RowStatus.FailedToDownload], before.Select(r => (string)r[2]!));

        // When only the failed rows are retried (no HTTP server exists: a fetch of the locator could only fail)
        var second = temp.Combine("second");
        var summary = await new IngestRunner(IngestTestOptions.Create("", second, o => o.RetryFailedFrom = first)).RunAsync();

        // Then each failed row was read from the tar again and failed the same way, never as an invalid URL
        Assert.Equal(before, ShardReadBack.Rows(second, "key, url, status, error_message"));
        Assert.Equal(1, summary.Successes);
    }

    [SharedDataFact]
    public async Task RetryFailed_OverImageFolderShards_RereadsTheFileFromTheFolder()
    {
        // Given an image folder where one file was broken at the first run
        using var temp = new TempDirectory();
        var folder = temp.Combine("images");
        Directory.CreateDirectory(folder);
        File.Copy(Path.Combine(TestPhotos.Small, "456_123.jpg"), Path.Combine(folder, "a.jpg"));
        File.WriteAllText(Path.Combine(folder, "b.jpg"), "half a download");
        var first = temp.Combine("first");
        await new IngestRunner(IngestTestOptions.Create(folder, first)).RunAsync();
        Assert.Equal(1L, ShardReadBack.Count(first, $"status = '{RowStatus.FailedToResize}'"));

        // When the file is repaired and the failed rows are retried
        File.Copy(Path.Combine(TestPhotos.Small, "208_495.jpg"), Path.Combine(folder, "b.jpg"), overwrite: true);
        var second = temp.Combine("second");
        await new IngestRunner(IngestTestOptions.Create("", second, o => o.RetryFailedFrom = first)).RunAsync();

        // Then the repaired file was read from the folder: both rows succeed, keys unchanged
        var rows = ShardReadBack.Rows(second, "key, url, status, original_width");
        Assert.Equal(
            [["0000000", Path.Combine(folder, "a.jpg"), RowStatus.Success, 456], ["0000001", Path.Combine(folder, "b.jpg"), RowStatus.Success, 208]],
            rows);
    }
}
