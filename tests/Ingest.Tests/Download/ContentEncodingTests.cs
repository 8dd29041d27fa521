using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;
using DataForge.Core.Shards;
using DataForge.Ingest.Tests.Infrastructure;
using DataForge.TestUtils;

namespace DataForge.Ingest.Tests.Download;

/// <summary>Servers that compress the body (<c>Content-Encoding</c>), including a gzip bomb, over loopback.</summary>
public sealed class ContentEncodingTests
{
    [SharedDataFact]
    public async Task RunAsync_CompressedBodies_AreDecodedAndTheSizeLimitAppliesToTheDecodedBytes()
    {
        // Given one JPEG served plain, gzip-, deflate- and brotli-encoded, a 16 MiB gzip bomb (a few KB on the wire)
        // under a 1 MiB body limit, and an encoding nobody can decode
        var jpeg = File.ReadAllBytes(Path.Combine(TestPhotos.Small, "456_123.jpg"));
        var routes = new Dictionary<string, (string? Encoding, byte[] Body)>
        {
            ["/identity"] = (null, jpeg),
            ["/gzip"] = ("gzip", Compress(jpeg, s => new GZipStream(s, CompressionLevel.Optimal))),
            ["/deflate"] = ("deflate", Compress(jpeg, s => new ZLibStream(s, CompressionLevel.Optimal))),
            ["/br"] = ("br", Compress(jpeg, s => new BrotliStream(s, CompressionLevel.Optimal))),
            ["/bomb"] = ("gzip", Compress(new byte[16 << 20], s => new GZipStream(s, CompressionLevel.Optimal))),
            ["/zstd"] = ("zstd", jpeg),
        };
        Assert.True(routes["/bomb"].Body.Length < 64 * 1024);
        await using var server = new LoopbackServer(async (request, stream, ct) =>
        {
            var (encoding, body) = routes[request.Path];
            List<(string, string)> headers = [("Content-Type", "image/jpeg")];
            if (encoding is not null)
            {
                headers.Add(("Content-Encoding", encoding));
            }

            await LoopbackServer.WriteResponseAsync(stream, 200, "OK", headers, body, ct);
        });
        using var temp = new TempDirectory();
        var input = temp.Combine("urls.jsonl");
        await File.WriteAllLinesAsync(input, routes.Keys.Select(path => JsonSerializer.Serialize(new { url = server.BaseUrl + path, caption = path })));
        var output = temp.Combine("out");

        // When ingested with a 1 MiB body limit
        var summary = await new IngestRunner(IngestTestOptions.Create(input, output, o =>
        {
            o.CaptionColumn = "caption";
            o.Download.MaxBodyBytes = 1 << 20;
        })).RunAsync();

        // Then every encoding decodes to the original bytes, the bomb stops at the limit, the unknown one is named
        var rows = ShardReadBack.Rows(output, "caption, status, error_message, sha256, original_width").ToDictionary(r => (string)r[0]!);
        var sha = Convert.ToHexStringLower(SHA256.HashData(jpeg));
        foreach (var path in new[] { "/identity", "/gzip", "/deflate", "/br" })
        {
            Assert.Equal([path, RowStatus.Success, null, sha, 456], rows[path]);
        }

        Assert.Equal(RowStatus.FailedToDownload, rows["/bomb"][1]);
        Assert.Contains("exceeds the limit of 1048576 bytes", (string)rows["/bomb"][2]!, StringComparison.Ordinal);
        Assert.Equal(RowStatus.FailedToDownload, rows["/zstd"][1]);
        Assert.Contains("zstd", (string)rows["/zstd"][2]!, StringComparison.Ordinal);
        Assert.Equal(4, summary.Successes);
        Assert.Equal(1, server.Hits("/bomb"));
    }

    private static byte[] Compress(byte[] data, Func<Stream, Stream> encoder)
    {
        using var buffer = new MemoryStream();
        using (var stream = encoder(buffer))
        {
            stream.Write(data);
        }

        return buffer.ToArray();
    }
}
