using System.Security.Cryptography;
using System.Text.Json;
using DataForge.Core.Shards;
using DataForge.Ingest.Tests.Infrastructure;
using DataForge.TestUtils;

namespace DataForge.Ingest.Tests.Download;

/// <summary>
/// Every misbehaving route of the loopback server in one URL list, ingested for real, then read back with DuckDB:
/// each row must carry the status and the real reason.
/// </summary>
public sealed class HttpRoutesIngestTests
{
    [SharedDataFact]
    public async Task RunAsync_EveryServerRoute_RecordsOneRowWithTheRealOutcome()
    {
        // Given one row per route, captioned with the route's name
        await using var server = new PhotoServer { SlowStall = TimeSpan.FromSeconds(10) };
        using var temp = new TempDirectory();
        var rows = new (string Caption, string Url)[]
        {
            ("plain", server.Url("/photos/small/456_123.jpg")),
            ("404", server.Url("/404")),
            ("500 then 200", server.Url("/flaky/a/small/123_456.jpg")),
            ("429 then 200", server.Url("/ratelimit/a/small/208_495.jpg")),
            ("slow body", server.Url("/slow/small/321_421.jpg")),
            ("truncated body", server.Url("/truncated/small/389_535.jpg")),
            ("corrupt bytes", server.Url("/corrupt")),
            ("png bomb", server.Url("/bomb.png")),
            ("text/html", server.Url("/html")),
            ("octet-stream", server.Url("/octet/small/416_264.jpg")),
            ("redirect loop", server.Url("/loop/0")),
            ("redirect to private", server.Url("/redirect-private")),
            ("oversize body", server.Url("/big")),
            ("no content-length", server.Url("/unframed/small/416_264.jpg")),
            ("oversize body without content-length", server.Url("/big-unframed")),
            ("noai", server.Url("/noai/small/524_316.jpg")),
            ("scoped to another bot", server.Url("/scoped/otherbot/small/524_316.jpg")),
            ("scoped to us", server.Url("/scoped/dataforgebot/small/524_316.jpg")),
            ("one redirect", server.Url("/redirect/small/456_123.jpg")),
            ("not a url", "UNLIKELY"),
        };
        var input = temp.Combine("routes.jsonl");
        await File.WriteAllLinesAsync(input, rows.Select(r => JsonSerializer.Serialize(new { url = r.Url, caption = r.Caption })));
        var output = temp.Combine("out");
        var options = IngestTestOptions.Create(input, output, o =>
        {
            o.CaptionColumn = "caption";
            // Only the test server's loopback address is allowed: the private redirect target stays blocked.
            o.Download.AllowPrivateAddresses = false;
            o.Download.AllowedAddressRanges = ["127.0.0.0/8"];
            o.Download.AttemptTimeout = TimeSpan.FromSeconds(2);
            o.Download.TotalTimeout = TimeSpan.FromSeconds(4);
            o.Download.UserAgentToken = "dataforgebot";
        });

        // When
        var summary = await new IngestRunner(options).RunAsync();

        // Then every row is there once, in input order, with the real reason
        var result = ShardReadBack.Rows(output, "caption, status, error_message, width, height, original_width, original_height, sha256");
        Assert.Equal(rows.Length, result.Count);
        var dump = string.Join("\n", result.Select(r => $"{r[0]}: {r[1]} {r[2]}")) + "\n" + string.Join(" ", server.Inner.Requests.Select(r => r.Path));
        Assert.True(result.Count(r => (string)r[1]! == RowStatus.Success) == 7, dump);
        Assert.Equal(rows.Select(r => r.Caption), result.Select(r => (string)r[0]!));
        var byCaption = result.ToDictionary(r => (string)r[0]!);
        void Success(string caption, string photo, int width, int height)
        {
            var row = byCaption[caption];
            Assert.Equal(RowStatus.Success, row[1]);
            Assert.Null(row[2]);
            Assert.Equal(64, row[3]);
            Assert.Equal(64, row[4]);
            Assert.Equal(width, row[5]);
            Assert.Equal(height, row[6]);
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(Path.Combine(TestPhotos.Small, photo)))), row[7]);
        }

        void Failure(string caption, string status, string messageStart)
        {
            var row = byCaption[caption];
            Assert.Equal(status, row[1]);
            Assert.StartsWith(messageStart, (string)row[2]!, StringComparison.Ordinal);
            Assert.Null(row[3]);
        }

        Success("plain", "456_123.jpg", 456, 123);
        Failure("404", RowStatus.FailedToDownload, "HTTP Error 404: Not Found");
        Success("500 then 200", "123_456.jpg", 123, 456);
        Success("429 then 200", "208_495.jpg", 208, 495);
        Failure("slow body", RowStatus.FailedToDownload, "timed out after");
        Failure("truncated body", RowStatus.FailedToDownload, "The response ended prematurely");
        Failure("corrupt bytes", RowStatus.FailedToResize, "Image decoding error");
        Failure("png bomb", RowStatus.FailedToResize, "decompression bomb refused: header says 100000x100000");
        Failure("text/html", RowStatus.FailedToDownload, "Content-Type text/html is not an image");
        Success("octet-stream", "416_264.jpg", 416, 264);
        Failure("redirect loop", RowStatus.FailedToDownload, "too many redirects (more than 5)");
        Failure("redirect to private", RowStatus.FailedToDownload, "blocked address 169.254.169.254 (link-local)");
        Failure("oversize body", RowStatus.FailedToDownload, "body of");
        Success("no content-length", "416_264.jpg", 416, 264);
        Failure("oversize body without content-length", RowStatus.FailedToDownload, "body exceeds the limit of 1048576 bytes");
        Failure("noai", RowStatus.FailedToDownload, "Use of image disallowed by X-Robots-Tag directive");
        Success("scoped to another bot", "524_316.jpg", 524, 316);
        Failure("scoped to us", RowStatus.FailedToDownload, "Use of image disallowed by X-Robots-Tag directive");
        Success("one redirect", "456_123.jpg", 456, 123);
        Failure("not a url", RowStatus.FailedToDownload, "invalid URL 'UNLIKELY'");

        // Transient failures were retried once, permanent ones never, and redirects were counted hop by hop
        Assert.Equal(2, server.Inner.Hits("/flaky/a/small/123_456.jpg"));
        Assert.Equal(2, server.Inner.Hits("/ratelimit/a/small/208_495.jpg"));
        Assert.Equal(1, server.Inner.Hits("/404"));
        Assert.True(6 == server.Inner.Requests.Count(r => r.Path.StartsWith("/loop/", StringComparison.Ordinal)), string.Join(" ", server.Inner.Requests.Select(r => r.Path)));
        Assert.Contains(server.Inner.Requests, r => r.Headers["User-Agent"].EndsWith("(compatible; dataforgebot)", StringComparison.Ordinal));

        // And the summary agrees with the shards
        Assert.Equal(rows.Length, summary.Rows);
        Assert.Equal(7, summary.Successes);
        Assert.Equal(7, summary.StatusCounts[RowStatus.Success]);
        Assert.Equal(2, summary.StatusCounts[RowStatus.FailedToResize]);
        Assert.Equal(11, summary.StatusCounts[RowStatus.FailedToDownload]);

        // And the shard's stats file, written after the data file, counts the same rows, each error by its message
        var shards = new ShardSet(output);
        var stats = await shards.ReadStatsAsync(0);
        Assert.NotNull(stats);
        Assert.True(File.GetLastWriteTimeUtc(shards.StatsPath(0)) >= File.GetLastWriteTimeUtc(shards.DataPath(0)));
        Assert.Equal((rows.Length, 7L, 11L, 2L), (stats.Count, stats.Successes, stats.FailedToDownload, stats.FailedToResize));
        Assert.Equal(new FileInfo(shards.DataPath(0)).Length, stats.Bytes);
        var histogram = result.GroupBy(r => (string?)r[2] ?? RowStatus.Success).ToDictionary(g => g.Key, g => (long)g.Count());
        Assert.Equal(histogram.OrderBy(p => p.Key, StringComparer.Ordinal), stats.StatusDict.OrderBy(p => p.Key, StringComparer.Ordinal));
        Assert.All(new[] { "download", "process", "write" }, t => Assert.True(stats.Timings[t] > 0, $"{t} timing is {stats.Timings[t]}"));
        // Bytes that arrived whole: the seven photos, the corrupt body and the bomb PNG (the decode failures).
        var photos = new[] { "456_123.jpg", "123_456.jpg", "208_495.jpg", "416_264.jpg", "416_264.jpg", "524_316.jpg", "456_123.jpg" };
        var expectedBytes = photos.Sum(p => new FileInfo(Path.Combine(TestPhotos.Small, p)).Length) + 4096 + TestPhotos.PngClaiming(100_000, 100_000).Length;
        Assert.Equal(expectedBytes, stats.Counters["bytes_downloaded"]);
    }

    [SharedDataFact]
    public async Task RunAsync_DefaultGuard_RefusesLoopbackByAddressAndByName()
    {
        // Given the SSRF guard in its default state (no private addresses allowed)
        await using var server = new PhotoServer();
        using var temp = new TempDirectory();
        var input = temp.Combine("urls.txt");
        await File.WriteAllLinesAsync(input, [server.Url("/photos/small/456_123.jpg"), $"http://localhost:{server.Inner.Port}/photos/small/456_123.jpg"]);
        var options = IngestTestOptions.Create(input, temp.Combine("out"), o => o.Download.AllowPrivateAddresses = false);

        // When
        await new IngestRunner(options).RunAsync();

        // Then neither row reached the server: the literal and the name that resolves to loopback are both refused
        var result = ShardReadBack.Rows(options.Run.OutputDirectory, "status, error_message");
        Assert.All(result, r => Assert.Equal(RowStatus.FailedToDownload, r[0]));
        Assert.StartsWith("blocked address 127.0.0.1 (loopback)", (string)result[0][1]!, StringComparison.Ordinal);
        Assert.Matches("^blocked address (127\\.0\\.0\\.1|::1) \\(loopback\\) for host localhost$", (string)result[1][1]!);
        Assert.Empty(server.Inner.Requests);
    }
}
