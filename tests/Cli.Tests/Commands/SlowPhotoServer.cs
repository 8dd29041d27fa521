using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace DataForge.Cli.Tests.Commands;

/// <summary>
/// A loopback HTTP server that answers every path with the same photo after a delay, so that workers started together
/// really overlap, and counts the requests per path, so a test can tell whether any row was fetched twice.
/// </summary>
internal sealed class SlowPhotoServer : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private readonly byte[] _photo;
    private readonly TimeSpan _delay;

    public SlowPhotoServer(string photo, TimeSpan delay)
    {
        _photo = File.ReadAllBytes(photo);
        _delay = delay;
        int port;
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            port = ((IPEndPoint)probe.LocalEndpoint).Port;
        }

        BaseUrl = $"http://127.0.0.1:{port}";
        _listener.Prefixes.Add(BaseUrl + "/");
        _listener.Start();
        _loop = Task.Run(LoopAsync);
    }

    public string BaseUrl { get; }

    public ConcurrentDictionary<string, int> Hits { get; } = new(StringComparer.Ordinal);

    /// <summary>Writes a URL list of <paramref name="count"/> distinct URLs and returns its path.</summary>
    public string WriteUrlList(string path, int count)
    {
        File.WriteAllLines(path, Enumerable.Range(0, count).Select(i => $"{BaseUrl}/img/{i:D5}.jpg"));
        return path;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _loop;
        }
        catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or OperationCanceledException)
        {
            // stopped
        }

        _listener.Close();
        _stop.Dispose();
    }

    private async Task LoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            _ = Task.Run(async () =>
            {
                Hits.AddOrUpdate(context.Request.Url!.AbsolutePath, 1, (_, n) => n + 1);
                try
                {
                    await Task.Delay(_delay, _stop.Token);
                    context.Response.ContentType = "image/jpeg";
                    await context.Response.OutputStream.WriteAsync(_photo, _stop.Token);
                    context.Response.Close();
                }
                catch (Exception ex) when (ex is HttpListenerException or IOException or ObjectDisposedException or OperationCanceledException)
                {
                    // A killed client drops its connections.
                }
            });
        }
    }
}
