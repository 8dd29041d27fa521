using System.Net;
using System.Net.Sockets;
using DataForge.Core.Shards;
using DataForge.TestUtils;

namespace DataForge.Cli.Tests.Commands;

public sealed class IngestCommandTests
{
    [SharedDataFact]
    public async Task Ingest_UrlListOverLoopback_WritesShardsAndExitsWithFailedRowsCode()
    {
        using var dir = new TempDirectory();
        var photos = Directory.GetFiles(SharedData.Path("photos", "small"), "*.jpg").Order().ToArray();
        int port;
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            port = ((IPEndPoint)probe.LocalEndpoint).Port;
        }

        using var listener = new HttpListener();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        using var stop = new CancellationTokenSource();
        var server = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                HttpListenerContext context;
                try
                {
                    context = await listener.GetContextAsync();
                }
                catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException)
                {
                    return; // stopped
                }

                var name = Path.GetFileName(context.Request.Url!.AbsolutePath);
                var file = photos.FirstOrDefault(p => Path.GetFileName(p) == name);
                try
                {
                    context.Response.StatusCode = file is null ? 404 : 200;
                    context.Response.ContentType = "image/jpeg";
                    var body = file is null ? [] : await File.ReadAllBytesAsync(file);
                    await context.Response.OutputStream.WriteAsync(body);
                    context.Response.Close();
                }
                catch (Exception ex) when (ex is HttpListenerException or IOException or ObjectDisposedException)
                {
                    // The client may drop a connection early (e.g. after reading a 404's headers); keep serving.
                }
            }
        });

        var urls = photos.Select(p => (string?)$"http://127.0.0.1:{port}/{Path.GetFileName(p)}").Append($"http://127.0.0.1:{port}/missing.jpg").ToArray();
        var list = dir.Combine("urls.parquet");
        await ShardFileWriter.WriteTableAsync(list, new ShardTable([ShardColumn.Of("url", urls), ShardColumn.Of("caption", urls.Select(u => (string?)("photo " + u)).ToArray())]));

        var (code, output, error) = await CliRun.RunAsync(
            "ingest", "--input", list, "--caption-column", "caption", "--output", dir.Combine("shards"), "--manifest-dir", dir.Combine("manifests"),
            "--allow-private-addresses", "--image-size", "128", "--samples-per-shard", "4");
        await stop.CancelAsync();
        listener.Stop();
        await server;

        // One row fails (404), so the run reports "finished with failed rows".
        Assert.True(code == Core.Errors.ExitCodes.FailedRows, $"exit {code}: {error}\n{output}");
        var glob = DuckDb.Escape(Path.Combine(dir.Combine("shards"), "*.parquet"));
        Assert.Equal((long)urls.Length, DuckDb.Scalar($"SELECT count(*) FROM read_parquet('{glob}')"));
        Assert.Equal((long)photos.Length, DuckDb.Scalar($"SELECT count(*) FROM read_parquet('{glob}') WHERE status = 'success' AND width = 128 AND height = 128"));
        Assert.Equal(1L, DuckDb.Scalar($"SELECT count(*) FROM read_parquet('{glob}') WHERE status = 'failed_to_download' AND error_message LIKE '%404%'"));
        Assert.Single(Directory.GetFiles(dir.Combine("manifests"), "*.manifest.json"));
    }

    [Fact]
    public async Task Ingest_LoopbackWithoutAllowingPrivateAddresses_RefusesTheRow()
    {
        using var dir = new TempDirectory();
        var list = dir.Combine("urls.parquet");
        await ShardFileWriter.WriteTableAsync(list, new ShardTable([ShardColumn.Of("url", new string?[] { "http://127.0.0.1:9/a.jpg" })]));

        var (code, _, error) = await CliRun.RunAsync("ingest", "--input", list, "--output", dir.Combine("shards"), "--manifest-dir", dir.Combine("manifests"));

        // The only row was refused: every row failed, which is not the "some rows failed" of exit 1
        Assert.True(code == Core.Errors.ExitCodes.AllRowsFailed, error);
        var glob = DuckDb.Escape(Path.Combine(dir.Combine("shards"), "*.parquet"));
        var message = (string?)DuckDb.Scalar($"SELECT error_message FROM read_parquet('{glob}')");
        Assert.Matches("(?i)(private|loopback|blocked|refus)", message ?? "");
    }

    [Fact]
    public async Task Ingest_CsvEndingInsideAnOpenQuote_ExitsWithUsageCodeNamingTheLine()
    {
        using var dir = new TempDirectory();
        var list = dir.Combine("urls.csv");
        await File.WriteAllTextAsync(list, "url,caption\nhttp://127.0.0.1:9/a.jpg,ok\nhttp://127.0.0.1:9/b.jpg,\"open\nhttp://127.0.0.1:9/c.jpg,lost\n");

        var (code, _, error) = await CliRun.RunAsync("ingest", "--input", list, "--caption-column", "caption", "--output", dir.Combine("shards"), "--manifest-dir", dir.Combine("manifests"));

        Assert.True(code == Core.Errors.ExitCodes.Usage, $"exit {code}: {error}");
        Assert.Contains("line 3", error, StringComparison.Ordinal);
    }
}
