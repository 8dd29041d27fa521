using System.Text.Json;
using DataForge.Core.Shards;
using DataForge.Ingest.Tests.Infrastructure;
using DataForge.TestUtils;

namespace DataForge.Ingest.Tests.Tars;

/// <summary>The per-image SA-1B JSON is checked against the image it sits beside, never trusted over the member itself.</summary>
public sealed class Sa1bJsonTrustTests
{
    [SharedDataFact]
    public async Task RunAsync_JsonLyingAboutSizeIdAndName_KeepsTheMembersOwnIdentityAndRecordsTheMismatch()
    {
        // Given an SA-1B tar with one honest sample and one whose JSON lies about id, file name and size
        using var temp = new TempDirectory();
        var tar = temp.Combine("sa_000001.tar");
        var jpeg = File.ReadAllBytes(Path.Combine(TestPhotos.Small, "456_123.jpg"));
        static string Json(long id, string fileName, int width, int height) =>
            JsonSerializer.Serialize(new { image = new { image_id = id, width, height, file_name = fileName }, annotations = new[] { new { id = 7 } } });
        using (var builder = new TarBuilder(tar))
        {
            builder.File("sa_1.jpg", jpeg).Text("sa_1.json", Json(1, "sa_1.jpg", 456, 123))
                .File("sa_2.jpg", jpeg).Text("sa_2.json", Json(999, "../../etc/passwd", 1500, 2250));
        }

        // When
        var output = temp.Combine("out");
        var summary = await new IngestRunner(IngestTestOptions.Create(tar, output)).RunAsync();

        // Then both images are kept under their own member's id and name; only the liar carries a mismatch
        Assert.Equal(2, summary.Successes);
        var rows = ShardReadBack.Rows(output, "image_id, file_name, url, status, num_annotations, original_width, original_height, json_mismatch");
        Assert.Equal([1L, "sa_1.jpg", "sa_000001.tar/sa_1.jpg", RowStatus.Success, 1, 456, 123, null], rows[0]);
        Assert.Equal([2L, "sa_2.jpg", "sa_000001.tar/sa_2.jpg", RowStatus.Success, 1, 456, 123], rows[1][..7]);
        var mismatch = Assert.IsType<string>(rows[1][7]);
        Assert.Contains("1500x2250", mismatch, StringComparison.Ordinal);
        Assert.Contains("456x123", mismatch, StringComparison.Ordinal);
        Assert.Contains("999", mismatch, StringComparison.Ordinal);
        Assert.Contains("../../etc/passwd", mismatch, StringComparison.Ordinal);
    }
}
