using System.Collections.Concurrent;
using System.Text;
using DataForge.TestUtils;

namespace DataForge.Ingest.Tests.Infrastructure;

/// <summary>
/// Serves <c>shared/data/photos/**</c> over loopback, plus one route per way a real image server goes wrong:
/// 404, 500-then-200, 429 with Retry-After, a body slower than the timeout, a truncated body, corrupt bytes, a
/// PNG claiming 100000×100000, a text/html page, a redirect loop, a redirect to a private address, an oversize
/// body (with and without Content-Length), and <c>X-Robots-Tag</c> opt-outs. Tests add their own routes through <see cref="Custom"/>.
/// </summary>
public sealed class PhotoServer : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, int> _attempts = new();
    private readonly LoopbackServer _server;

    public PhotoServer() => _server = new LoopbackServer(HandleAsync);

    public string BaseUrl => _server.BaseUrl;

    public LoopbackServer Inner => _server;

    /// <summary>Gets routes added by a test: exact path → (content type, bytes, extra headers).</summary>
    public ConcurrentDictionary<string, (string ContentType, byte[] Body)> Custom { get; } = new();

    /// <summary>
    /// Gets faults that custom routes answer with, one per request, before they serve normally: <c>busy</c> (503 with
    /// <c>Retry-After: 1</c>) or <c>cut</c> (the full declared length of the asked range, but only its first KiB).
    /// </summary>
    public ConcurrentQueue<string> CustomFaults { get; } = new();

    /// <summary>Gets or sets whether <c>/toggle/…</c> answers 503 (true) or the photo (false).</summary>
    public bool ToggleFails { get; set; } = true;

    public TimeSpan SlowStall { get; set; } = TimeSpan.FromSeconds(20);

    public string Url(string path) => BaseUrl + path;

    public static string Photo(string relative) => "/photos/" + relative;

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    private async Task HandleAsync(ServerRequest request, Stream stream, CancellationToken ct)
    {
        var path = request.Path;
        if (Custom.TryGetValue(path, out var custom))
        {
            if (CustomFaults.TryDequeue(out var fault) && fault == "busy")
            {
                await LoopbackServer.WriteResponseAsync(stream, 503, "Service Unavailable", [("Retry-After", "1")], null, ct);
            }
            else
            {
                await SendRangeAwareAsync(request, stream, custom.ContentType, custom.Body, ct, cut: fault == "cut");
            }

            return;
        }

        var segments = path.Trim('/').Split('/', 3);
        switch (segments[0])
        {
            case "photos":
                await SendPhotoAsync(stream, string.Join('/', segments.Skip(1)), [], ct);
                break;
            case "delay" when segments.Length == 3:
                await Task.Delay(int.Parse(segments[1]), ct);
                await SendPhotoAsync(stream, segments[2].Split('?')[0], [], ct);
                break;
            case "404":
                await LoopbackServer.WriteResponseAsync(stream, 404, "Not Found", [], Encoding.UTF8.GetBytes("nope"), ct);
                break;
            case "flaky" when segments.Length == 3:
                if (_attempts.AddOrUpdate(path, 1, (_, n) => n + 1) == 1)
                {
                    await LoopbackServer.WriteResponseAsync(stream, 500, "Internal Server Error", [], null, ct);
                }
                else
                {
                    await SendPhotoAsync(stream, segments[2], [], ct);
                }

                break;
            case "ratelimit" when segments.Length == 3:
                if (_attempts.AddOrUpdate(path, 1, (_, n) => n + 1) == 1)
                {
                    await LoopbackServer.WriteResponseAsync(stream, 429, "Too Many Requests", [("Retry-After", "1")], null, ct);
                }
                else
                {
                    await SendPhotoAsync(stream, segments[2], [], ct);
                }

                break;
            case "toggle":
                if (ToggleFails)
                {
                    await LoopbackServer.WriteResponseAsync(stream, 503, "Service Unavailable", [], null, ct);
                }
                else
                {
                    await SendPhotoAsync(stream, string.Join('/', segments.Skip(1)), [], ct);
                }

                break;
            case "slow":
            {
                var bytes = await File.ReadAllBytesAsync(PhotoPath(string.Join('/', segments.Skip(1))), ct);
                await LoopbackServer.WriteResponseAsync(stream, 200, "OK", [("Content-Type", "image/jpeg")], bytes[..100], ct, bytes.Length);
                await Task.Delay(SlowStall, ct);
                await stream.WriteAsync(bytes.AsMemory(100), ct);
                break;
            }

            case "truncated":
            {
                var bytes = await File.ReadAllBytesAsync(PhotoPath(string.Join('/', segments.Skip(1))), ct);
                await LoopbackServer.WriteResponseAsync(stream, 200, "OK", [("Content-Type", "image/jpeg")], bytes[..(bytes.Length / 2)], ct, bytes.Length);
                break;
            }

            case "corrupt":
            {
                var garbage = new byte[4096];
                new Random(7).NextBytes(garbage);
                garbage[0] = 0xFF;
                garbage[1] = 0xD8;
                garbage[2] = 0xFF;
                await LoopbackServer.WriteResponseAsync(stream, 200, "OK", [("Content-Type", "image/jpeg")], garbage, ct);
                break;
            }

            case "bomb.png":
                await LoopbackServer.WriteResponseAsync(stream, 200, "OK", [("Content-Type", "image/png")], TestPhotos.PngClaiming(100_000, 100_000), ct);
                break;
            case "html":
                await LoopbackServer.WriteResponseAsync(stream, 200, "OK", [("Content-Type", "text/html; charset=utf-8")], Encoding.UTF8.GetBytes("<html><body>not an image</body></html>"), ct);
                break;
            case "octet":
                await SendPhotoAsync(stream, string.Join('/', segments.Skip(1)), [], ct, "application/octet-stream");
                break;
            case "loop":
                var n = segments.Length > 1 ? int.Parse(segments[1]) : 0;
                await LoopbackServer.WriteResponseAsync(stream, 302, "Found", [("Location", $"/loop/{n + 1}")], null, ct);
                break;
            case "redirect":
                await LoopbackServer.WriteResponseAsync(stream, 302, "Found", [("Location", Photo(string.Join('/', segments.Skip(1))))], null, ct);
                break;
            case "redirect-private":
                await LoopbackServer.WriteResponseAsync(stream, 302, "Found", [("Location", "http://169.254.169.254/latest/meta-data/")], null, ct);
                break;
            case "big":
                // 3 MiB of a real photo's bytes repeated; the tests cap bodies at 1 MiB.
                var photo = await File.ReadAllBytesAsync(PhotoPath("sam/truck.jpg"), ct);
                var big = Enumerable.Repeat(photo, (3 << 20) / photo.Length + 1).SelectMany(b => b).ToArray();
                await LoopbackServer.WriteResponseAsync(stream, 200, "OK", [("Content-Type", "image/jpeg")], big, ct);
                break;
            case "unframed":
                await SendUnframedAsync(stream, await File.ReadAllBytesAsync(PhotoPath(string.Join('/', segments.Skip(1))), ct), ct);
                break;
            case "big-unframed":
                await SendUnframedAsync(stream, new byte[3 << 20], ct);
                break;
            case "noai":
                await SendPhotoAsync(stream, string.Join('/', segments.Skip(1)), [("X-Robots-Tag", "noai")], ct);
                break;
            case "scoped" when segments.Length == 3:
                await SendPhotoAsync(stream, segments[2], [("X-Robots-Tag", $"{segments[1]}: noimageai, nofollow")], ct);
                break;
            default:
                await LoopbackServer.WriteResponseAsync(stream, 404, "Not Found", [], null, ct);
                break;
        }
    }

    /// <summary>Answers without Content-Length: the body ends when the connection closes (HTTP/1.1 close framing).</summary>
    private static async Task SendUnframedAsync(Stream stream, byte[] body, CancellationToken ct)
    {
        await stream.WriteAsync("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Type: image/jpeg\r\n\r\n"u8.ToArray(), ct);
        await stream.WriteAsync(body, ct);
        await stream.FlushAsync(ct);
    }

    private static string PhotoPath(string relative) => Path.Combine(TestPhotos.Photos, relative);

    private static async Task SendPhotoAsync(Stream stream, string relative, (string, string)[] headers, CancellationToken ct, string? contentType = null)
    {
        var file = PhotoPath(relative);
        if (!File.Exists(file))
        {
            await LoopbackServer.WriteResponseAsync(stream, 404, "Not Found", [], null, ct);
            return;
        }

        contentType ??= file.EndsWith(".png", StringComparison.Ordinal) ? "image/png" : "image/jpeg";
        await LoopbackServer.WriteResponseAsync(stream, 200, "OK", [("Content-Type", contentType), .. headers], await File.ReadAllBytesAsync(file, ct), ct);
    }

    private static async Task SendRangeAwareAsync(ServerRequest request, Stream stream, string contentType, byte[] body, CancellationToken ct, bool cut = false)
    {
        long? Cut(int length) => cut ? length : null;
        byte[] Sent(byte[] range) => cut ? range[..Math.Min(1024, range.Length)] : range;
        if (request.Headers.TryGetValue("Range", out var range) && range.StartsWith("bytes=", StringComparison.Ordinal))
        {
            var from = long.Parse(range["bytes=".Length..].TrimEnd('-').Split('-')[0]);
            if (from >= body.Length)
            {
                await LoopbackServer.WriteResponseAsync(stream, 416, "Range Not Satisfiable", [], null, ct);
                return;
            }

            var rest = body[(int)from..];
            await LoopbackServer.WriteResponseAsync(stream, 206, "Partial Content", [("Content-Type", contentType), ("Content-Range", $"bytes {from}-{body.Length - 1}/{body.Length}")], Sent(rest), ct, Cut(rest.Length));
            return;
        }

        await LoopbackServer.WriteResponseAsync(stream, 200, "OK", [("Content-Type", contentType)], Sent(body), ct, Cut(body.Length));
    }
}
