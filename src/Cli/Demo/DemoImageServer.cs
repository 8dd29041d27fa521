using System.Net;
using System.Net.Sockets;

namespace DataForge.Cli.Demo;

/// <summary>
/// Serves the demo's generated images over HTTP on 127.0.0.1, so the demo exercises the same download path as a
/// real crawl. Also serves a missing and a corrupt image, so the demo shows failures recorded as row data.
/// </summary>
public sealed class DemoImageServer : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Dictionary<string, (int Status, string ContentType, byte[] Body)> _routes = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stop = new();
    private Task? _loop;

    /// <summary>Gets the base URL, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public string BaseUrl { get; private set; } = "";

    /// <summary>Adds a route.</summary>
    /// <param name="path">Path without leading slash, e.g. <c>images/00001.jpg</c>.</param>
    /// <param name="status">HTTP status.</param>
    /// <param name="contentType">Content type.</param>
    /// <param name="body">Body bytes.</param>
    public void Add(string path, int status, string contentType, byte[] body) => _routes[path] = (status, contentType, body);

    /// <summary>Starts listening on a free loopback port.</summary>
    public void Start()
    {
        // HttpListener needs an explicit port: borrow a free one from the OS first.
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            BaseUrl = $"http://127.0.0.1:{((IPEndPoint)probe.LocalEndpoint).Port}/";
        }

        _listener.Prefixes.Add(BaseUrl);
        _listener.Start();
        _loop = Task.Run(ServeAsync);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _listener.Close();
        if (_loop is not null)
        {
            await _loop.ConfigureAwait(false);
        }

        _stop.Dispose();
    }

    private async Task ServeAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync().ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            _ = Task.Run(async () =>
            {
                var path = context.Request.Url?.AbsolutePath.TrimStart('/') ?? "";
                var (status, type, body) = _routes.TryGetValue(path, out var route) ? route : (404, "text/plain", "not found"u8.ToArray());
                try
                {
                    context.Response.StatusCode = status;
                    context.Response.ContentType = type;
                    context.Response.ContentLength64 = body.Length;
                    await context.Response.OutputStream.WriteAsync(body).ConfigureAwait(false);
                    context.Response.Close();
                }
                catch (Exception ex) when (ex is HttpListenerException or IOException or ObjectDisposedException)
                {
                    // The client went away; nothing to do for a demo server.
                }
            });
        }
    }
}
