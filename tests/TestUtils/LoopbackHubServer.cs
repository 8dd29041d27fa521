using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace DataForge.TestUtils;

/// <summary>
/// A raw-socket HTTP/1.1 server on 127.0.0.1 that mimics the hub's URL layout: the revision API with blob
/// metadata, and <c>/{repo}/resolve/{commit}/{path}</c> with Range support. Files listed in
/// <see cref="DropOnce"/> lose their connection half-way through the first response; files listed in
/// <see cref="Corrupt"/> are served with one byte flipped (the listing keeps the true hashes).
/// </summary>
public sealed class LoopbackHubServer : IAsyncDisposable
{
    public const string Commit = "0123456789abcdef0123456789abcdef01234567";
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private readonly string _repo;
    private readonly Dictionary<string, (byte[] Content, bool Lfs)> _files;

    public LoopbackHubServer(string repo, Dictionary<string, (byte[] Content, bool Lfs)> files)
    {
        _repo = repo;
        _files = files;
        _listener.Start();
        _loop = Task.Run(AcceptLoopAsync);
    }

    public string Endpoint => $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";

    public ConcurrentQueue<(string Path, string? Range)> Requests { get; } = new();

    public ConcurrentDictionary<string, bool> DropOnce { get; } = new();

    public ConcurrentDictionary<string, bool> Corrupt { get; } = new();

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _loop;
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }

        _stop.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var client = await _listener.AcceptTcpClientAsync(_stop.Token);
            _ = Task.Run(() => HandleAsync(client));
        }
    }

    private async Task HandleAsync(TcpClient client)
    {
        using (client)
        {
            var stream = client.GetStream();
            var reader = new StreamReader(stream, Encoding.ASCII, false, 1024, leaveOpen: true);
            var requestLine = await reader.ReadLineAsync();
            if (requestLine is null)
            {
                return;
            }

            string? range = null;
            string? line;
            while (!string.IsNullOrEmpty(line = await reader.ReadLineAsync()))
            {
                if (line.StartsWith("Range:", StringComparison.OrdinalIgnoreCase))
                {
                    range = line[6..].Trim();
                }
            }

            var target = Uri.UnescapeDataString(requestLine.Split(' ')[1]);
            Requests.Enqueue((target, range));
            var resolvePrefix = $"/{_repo}/resolve/{Commit}/";
            if (target.StartsWith($"/api/models/{_repo}/revision/", StringComparison.Ordinal))
            {
                await RespondAsync(stream, 200, "application/json", Encoding.UTF8.GetBytes(Listing()), null);
            }
            else if (target.StartsWith(resolvePrefix, StringComparison.Ordinal) && _files.TryGetValue(target[resolvePrefix.Length..], out var file))
            {
                var path = target[resolvePrefix.Length..];
                var start = range is null ? 0 : long.Parse(range.Split('=')[1].Split('-')[0], CultureInfo.InvariantCulture);
                var body = file.Content[(int)start..];
                if (Corrupt.ContainsKey(path) && body.Length > 0)
                {
                    body[body.Length / 2] ^= 0xFF;
                }
                var contentRange = range is null ? null : $"bytes {start}-{file.Content.Length - 1}/{file.Content.Length}";
                if (DropOnce.TryRemove(path, out _))
                {
                    // Announce the whole body, send half of it, then drop the connection.
                    await WriteHeadAsync(stream, range is null ? 200 : 206, "application/octet-stream", body.Length, contentRange);
                    await stream.WriteAsync(body.AsMemory(0, body.Length / 2));
                    await stream.FlushAsync();
                    client.Client.LingerState = new LingerOption(true, 0);
                    return;
                }

                await RespondAsync(stream, range is null ? 200 : 206, "application/octet-stream", body, contentRange);
            }
            else
            {
                await RespondAsync(stream, 404, "text/plain", "not found"u8.ToArray(), null);
            }
        }
    }

    private string Listing() => JsonSerializer.Serialize(new
    {
        id = _repo,
        sha = Commit,
        siblings = _files.Select(f => f.Value.Lfs
            ? (object)new { rfilename = f.Key, size = f.Value.Content.Length, blobId = "ffff", lfs = new { sha256 = Convert.ToHexStringLower(SHA256.HashData(f.Value.Content)), size = f.Value.Content.Length, pointerSize = 134 } }
            : new { rfilename = f.Key, size = f.Value.Content.Length, blobId = GitBlobId(f.Value.Content) }),
    });

    private static string GitBlobId(byte[] content) =>
        Convert.ToHexStringLower(SHA1.HashData([.. Encoding.ASCII.GetBytes($"blob {content.Length}\0"), .. content]));

    private static async Task RespondAsync(NetworkStream stream, int status, string type, byte[] body, string? contentRange)
    {
        await WriteHeadAsync(stream, status, type, body.Length, contentRange);
        await stream.WriteAsync(body);
        await stream.FlushAsync();
    }

    private static async Task WriteHeadAsync(NetworkStream stream, int status, string type, long length, string? contentRange)
    {
        var head = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"HTTP/1.1 {status} {(status is 200 or 206 ? "OK" : "Not Found")}\r\n")
            .Append(CultureInfo.InvariantCulture, $"Content-Type: {type}\r\nContent-Length: {length}\r\nConnection: close\r\n");
        if (contentRange is not null)
        {
            head.Append(CultureInfo.InvariantCulture, $"Content-Range: {contentRange}\r\n");
        }

        await stream.WriteAsync(Encoding.ASCII.GetBytes(head.Append("\r\n").ToString()));
    }
}
