using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using DataForge.Core.Shards;
using DataForge.Ingest.Tests.Infrastructure;
using DataForge.TestUtils;

namespace DataForge.Ingest.Tests.Output;

/// <summary>
/// Every LAION-format file in <c>shared/data/laion</c>, with its URLs rewritten to the loopback server, ingested
/// end to end and read back with DuckDB row by row. The server answers URL <c>i</c> with a 404 when
/// <c>i % 10 == 0</c>, an HTML page when <c>i % 10 == 1</c>, and otherwise photo <c>i % 8</c> of
/// <c>photos/small</c>, so each row's expected outcome is known without running the code under test.
/// </summary>
public sealed class LaionIngestTests
{
    public static TheoryData<string> Files => new()
    {
        "test_1000.parquet", "derived/test_1000.csv", "derived/test_1000.csv.gz", "derived/test_1000.tsv", "derived/test_1000.tsv.gz",
        "derived/test_1000.json", "derived/test_1000.json.gz", "derived/test_1000.jsonl", "derived/test_1000.jsonl.gz",
        "derived/test_1000_urls.txt", "derived/test_1000_urls.txt.gz",
    };

    [SharedDataTheory]
    [MemberData(nameof(Files))]
    public async Task RunAsync_LaionFormat_WritesOneExactRowPerInputRow(string file)
    {
        // Given the file with URL i rewritten to /laion/i and the server's answer for each i
        await using var server = new PhotoServer();
        using var temp = new TempDirectory();
        var reference = DuckDb.Query($"SELECT URL, TEXT FROM read_parquet('{DuckDb.Escape(Path.Combine(TestPhotos.Laion, "test_1000.parquet"))}')");
        var photos = Directory.EnumerateFiles(TestPhotos.Small).Order(StringComparer.Ordinal).ToArray();
        var rewrite = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < reference.Count; i++)
        {
            var path = $"/laion/{i}";
            rewrite[(string)reference[i][0]!] = server.Url(path);
            if (i % 10 == 1)
            {
                server.Custom[path] = ("text/html", Encoding.UTF8.GetBytes("<html>gone</html>"));
            }
            else if (i % 10 != 0)
            {
                var photo = photos[i % 8];
                server.Custom[path] = (photo.EndsWith(".png", StringComparison.Ordinal) ? "image/png" : "image/jpeg", File.ReadAllBytes(photo));
            }
        }

        var input = temp.Combine(Path.GetFileName(file));
        await RewriteAsync(Path.Combine(TestPhotos.Laion, file), input, rewrite);
        var hasCaption = !file.Contains("urls", StringComparison.Ordinal);
        var output = temp.Combine("out");
        var options = IngestTestOptions.Create(input, output, o =>
        {
            if (hasCaption)
            {
                o.UrlColumn = "URL";
                o.CaptionColumn = "TEXT";
            }
        });

        // When
        var summary = await new IngestRunner(options).RunAsync();

        // Then
        Assert.Empty(summary.FailedShards);
        Assert.Equal(10, summary.ShardPaths.Count);
        var columns = DuckDb.Columns(Path.Combine(output, "00000.parquet")).Select(c => c.Name).ToList();
        Assert.Equal(
            [.. hasCaption ? ["caption"] : Array.Empty<string>(), "url", "key", "status", "error_message", "width", "height", "original_width", "original_height", "exif", "sha256", "phash", "color_signature", "exif_orientation", "jpg"],
            columns);
        var rows = ShardReadBack.Rows(output, "key, url, status, error_message, width, height, original_width, original_height, sha256, jpg IS NULL" + (hasCaption ? ", caption" : ""));
        Assert.Equal(1000, rows.Count);
        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            Assert.Equal(i.ToString("D7"), row[0]);
            Assert.Equal(server.Url($"/laion/{i}"), row[1]);
            if (hasCaption)
            {
                Assert.Equal(reference[i][1], row[10]);
            }

            if (i % 10 == 0)
            {
                Assert.Equal([RowStatus.FailedToDownload, "HTTP Error 404: Not Found", null, null, null, null, null, true], row[2..10]);
            }
            else if (i % 10 == 1)
            {
                Assert.Equal([RowStatus.FailedToDownload, "Content-Type text/html is not an image", null, null, null, null, null, true], row[2..10]);
            }
            else
            {
                var photo = photos[i % 8];
                var size = Path.GetFileNameWithoutExtension(photo).Split('_').Select(int.Parse).ToArray();
                Assert.Equal(
                    [RowStatus.Success, null, 64, 64, size[0], size[1], Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(photo))), false],
                    row[2..10]);
            }
        }

        Assert.Equal(800, summary.Successes);
        Assert.Equal(200, summary.StatusCounts[RowStatus.FailedToDownload]);
    }

    private static async Task RewriteAsync(string source, string target, Dictionary<string, string> rewrite)
    {
        if (source.EndsWith(".parquet", StringComparison.Ordinal))
        {
            var table = await ShardFileReader.ReadTableAsync(source);
            var urls = table.Get<string>("URL").Select(u => rewrite[u!]).ToArray();
            await ShardFileWriter.WriteTableAsync(target, table.WithColumn(ShardColumn.Of("URL", urls)));
            return;
        }

        var gz = source.EndsWith(".gz", StringComparison.Ordinal);
        string text;
        await using (var stream = gz ? new GZipStream(File.OpenRead(source), CompressionMode.Decompress) : (Stream)File.OpenRead(source))
        using (var reader = new StreamReader(stream))
        {
            text = await reader.ReadToEndAsync();
        }

        var builder = new StringBuilder(text);
        foreach (var (from, to) in rewrite.OrderByDescending(p => p.Key.Length))
        {
            builder.Replace(from, to);
        }

        await using var output = File.Create(target);
        await using var compressed = gz ? new GZipStream(output, CompressionLevel.Fastest) : (Stream)output;
        await compressed.WriteAsync(Encoding.UTF8.GetBytes(builder.ToString()));
    }
}
