using DataForge.Core.Shards;
using DataForge.Ingest.Tests.Infrastructure;
using DataForge.TestUtils;

namespace DataForge.Ingest.Tests.Inputs;

/// <summary>Image folders with hostile symlinks: loops are not followed, nothing outside the folder is read, every refusal is a row.</summary>
public sealed class ImageFolderSymlinkTests
{
    [SharedDataFact]
    public async Task RunAsync_FolderWithLoopsAndEscapingLinks_ReadsOnlyInsideAndRecordsEachRefusal()
    {
        // Given a folder with a real image, a link to it, links out of the folder (to a sibling file, /etc/passwd, the
        // folder's parent), a dangling link, two directory loops, and a real image whose caption sidecar links out
        using var temp = new TempDirectory();
        var jpeg = Path.Combine(TestPhotos.Small, "456_123.jpg");
        File.Copy(Path.Combine(TestPhotos.Small, "123_456.jpg"), temp.Combine("outside.jpg"));
        var folder = temp.Combine("images");
        Directory.CreateDirectory(Path.Combine(folder, "sub"));
        File.Copy(jpeg, Path.Combine(folder, "a.jpg"));
        File.Copy(Path.Combine(TestPhotos.Small, "389_535.png"), Path.Combine(folder, "sub", "b.png"));
        File.CreateSymbolicLink(Path.Combine(folder, "alias.jpg"), "a.jpg");
        File.CreateSymbolicLink(Path.Combine(folder, "escape.jpg"), "../outside.jpg");
        File.CreateSymbolicLink(Path.Combine(folder, "passwd.jpg"), "/etc/passwd");
        File.CreateSymbolicLink(Path.Combine(folder, "broken.jpg"), "nothing-here.jpg");
        File.Copy(jpeg, Path.Combine(folder, "c.jpg"));
        File.CreateSymbolicLink(Path.Combine(folder, "c.txt"), "/etc/passwd");
        Directory.CreateSymbolicLink(Path.Combine(folder, "loop"), ".");
        Directory.CreateSymbolicLink(Path.Combine(folder, "sub", "parent"), "..");
        Directory.CreateSymbolicLink(Path.Combine(folder, "sub", "up"), "../..");

        // When
        var output = temp.Combine("out");
        var summary = await new IngestRunner(IngestTestOptions.Create(folder, output, o => o.InputFormat = InputFormat.ImageFolder)).RunAsync();

        // Then the real files and the in-folder alias are ingested once each; each escape is a failed row saying why
        Assert.Empty(summary.FailedShards);
        var rows = ShardReadBack.Rows(output, "url, status, error_message, original_width");
        var byUrl = rows.ToDictionary(r => Path.GetRelativePath(folder, (string)r[0]!).Replace('\\', '/'));
        Assert.Equal(["a.jpg", "alias.jpg", "broken.jpg", "c.jpg", "escape.jpg", "passwd.jpg", "sub/b.png", "sub/up"], byUrl.Keys.Order(StringComparer.Ordinal));
        Assert.Equal([RowStatus.Success, null, 456], byUrl["a.jpg"][1..]);
        Assert.Equal([RowStatus.Success, null, 456], byUrl["alias.jpg"][1..]);
        Assert.Equal([RowStatus.Success, null, 389], byUrl["sub/b.png"][1..]);
        Assert.Equal(RowStatus.FailedToDownload, byUrl["broken.jpg"][1]);
        foreach (var escaping in new[] { "c.jpg", "escape.jpg", "passwd.jpg", "sub/up" })
        {
            Assert.Equal(RowStatus.FailedToDownload, byUrl[escaping][1]);
            Assert.Contains("outside the input folder", (string)byUrl[escaping][2]!, StringComparison.Ordinal);
        }

        Assert.Equal(3, summary.Successes);
    }
}
