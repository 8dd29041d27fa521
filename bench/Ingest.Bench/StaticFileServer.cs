using System.Net;

namespace DataForge.Ingest.Bench;

/// <summary>Serves a fixed list of files over loopback: <c>/i/&lt;n&gt;</c> answers file <c>n % count</c>.</summary>
internal sealed class StaticFileServer : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly byte[][] _files;

    public StaticFileServer(byte[][] files, int port)
    {
        _files = files;
        _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        _listener.Start();
        _ = Task.Run(LoopAsync);
    }

    private async Task LoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException)
            {
                return;
            }

            _ = Task.Run(async () =>
            {
                var index = int.Parse(context.Request.Url!.AbsolutePath.Split('/')[^1]);
                var body = _files[index % _files.Length];
                context.Response.ContentType = "image/jpeg";
                context.Response.ContentLength64 = body.Length;
                await context.Response.OutputStream.WriteAsync(body);
                context.Response.Close();
            });
        }
    }

    public void Dispose() => _listener.Close();
}
