using DataForge.Core.Shards;
using DataForge.Ingest.Tests.Infrastructure;
using DataForge.TestUtils;

namespace DataForge.Ingest.Tests.Tars;

/// <summary>Tar members larger than the cap become failed rows decided from the header; the rest of the tar is ingested.</summary>
public sealed class TarMemberSizeCapTests
{
    private const long ThreeGigabytes = 3L * 1024 * 1024 * 1024;

    [SharedDataFact]
    public async Task RunAsync_WebDatasetWithSparse3GbMember_RecordsOneFailedRowAndIngestsTheOthers()
    {
        // Given a WebDataset tar whose middle sample declares a 3 GB image (sparse on disk) between two real ones
        using var temp = new TempDirectory();
        var tar = temp.Combine("data.tar");
        var jpeg = File.ReadAllBytes(Path.Combine(TestPhotos.Small, "456_123.jpg"));
        using (var builder = new TarBuilder(tar))
        {
            builder.File("000.jpg", jpeg).Text("000.txt", "before")
                .SparseFile("001.jpg", ThreeGigabytes).Text("001.txt", "huge")
                .File("002.jpg", jpeg).Text("002.txt", "after");
        }

        Assert.True(new FileInfo(tar).Length > ThreeGigabytes);

        // When ingested with the default cap
        var output = temp.Combine("out");
        var summary = await new IngestRunner(IngestTestOptions.Create(tar, output)).RunAsync();

        // Then the shard is written, the huge member is one failed row naming member, size and cap, the others succeed
        Assert.Empty(summary.FailedShards);
        Assert.Equal(2, summary.Successes);
        Assert.Equal(1, summary.StatusCounts[RowStatus.FailedToDownload]);
        var rows = ShardReadBack.Rows(output, "source_key, caption, status, error_message, original_width");
        Assert.Equal(["000", "001", "002"], rows.Select(r => (string)r[0]!));
        Assert.Equal(["before", "huge", "after"], rows.Select(r => (string)r[1]!));
        Assert.Equal([RowStatus.Success, RowStatus.FailedToDownload, RowStatus.Success], rows.Select(r => (string)r[2]!));
        var message = (string)rows[1][3]!;
        Assert.Contains("001.jpg", message, StringComparison.Ordinal);
        Assert.Contains(ThreeGigabytes.ToString(System.Globalization.CultureInfo.InvariantCulture), message, StringComparison.Ordinal);
        Assert.Contains((256L * 1024 * 1024).ToString(System.Globalization.CultureInfo.InvariantCulture), message, StringComparison.Ordinal);
        Assert.Equal(456, rows[2][4]);
    }

    [SharedDataFact]
    public async Task RunAsync_Sa1bMembersOverAConfiguredCap_FailOnlyTheirOwnSample()
    {
        // Given an SA-1B tar with a small sample, one whose image is over a 20 KB cap and one whose JSON is
        using var temp = new TempDirectory();
        var tar = temp.Combine("sa_000002.tar");
        var small = File.ReadAllBytes(Path.Combine(TestPhotos.Small, "456_123.jpg"));
        var large = File.ReadAllBytes(Path.Combine(TestPhotos.Sam, "truck.jpg"));
        const long Cap = 20_000;
        Assert.True(small.Length < Cap && large.Length > Cap);
        using (var builder = new TarBuilder(tar))
        {
            builder.File("sa_1.jpg", small).Text("sa_1.json", "{\"annotations\":[]}")
                .File("sa_2.jpg", large).Text("sa_2.json", "{\"annotations\":[]}")
                .File("sa_3.jpg", small).Text("sa_3.json", "{\"annotations\":[" + string.Join(",", Enumerable.Repeat("{\"id\":12345678}", 2000)) + "]}");
        }

        // When
        var output = temp.Combine("out");
        var summary = await new IngestRunner(IngestTestOptions.Create(tar, output, o => o.Download.MaxTarMemberBytes = Cap)).RunAsync();

        // Then
        var rows = ShardReadBack.Rows(output, "image_id, status, error_message");
        Assert.Equal([1L, RowStatus.Success, null], rows[0]);
        Assert.Equal([2L, RowStatus.FailedToDownload], rows[1][..2]);
        Assert.StartsWith($"tar member sa_2.jpg declares {large.Length} bytes, more than the cap of 20000 bytes", (string)rows[1][2]!, StringComparison.Ordinal);
        Assert.Equal([3L, RowStatus.FailedToDownload], rows[2][..2]);
        Assert.StartsWith("tar member sa_3.json declares ", (string)rows[2][2]!, StringComparison.Ordinal);
        Assert.Equal(1, summary.Successes);
    }
}
