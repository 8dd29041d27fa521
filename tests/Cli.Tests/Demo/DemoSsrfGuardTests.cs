using DataForge.Cli.Demo;
using DataForge.Core.Shards;
using DataForge.Ingest;
using DataForge.TestUtils;

namespace DataForge.Cli.Tests.Demo;

/// <summary>The demo reaches its loopback server through the SSRF guard's allow-range, not by turning the guard off.</summary>
public sealed class DemoSsrfGuardTests
{
    [Fact]
    public async Task CreateIngestOptions_OnlyLoopbackAllowed_FetchesTheDemoServerAndStillRefusesOtherPrivateAddresses()
    {
        // Given the demo's ingest options over a list with the demo server's image and private, link-local and IPv6
        // loopback addresses (none of which may be dialled)
        using var dir = new TempDirectory();
        await using var server = new DemoImageServer();
        server.Start();
        server.Add("images/a.jpg", 200, "image/png", new ShapeWorld.ShapeWorldGenerator(7).Generate(0).EncodePng());
        var urls = new[]
        {
            server.BaseUrl + "images/a.jpg",
            "http://10.1.2.3/a.jpg",
            "http://192.168.0.1/a.jpg",
            "http://169.254.169.254/latest/meta-data/",
            "http://[::1]:9/a.jpg",
        };
        var list = dir.Combine("urls.parquet");
        await ShardFileWriter.WriteTableAsync(list, new ShardTable([ShardColumn.Of("url", urls.Select(u => (string?)u).ToArray()), ShardColumn.Of("caption", urls.Select(u => (string?)u).ToArray())]));
        var options = DemoRunner.CreateIngestOptions(list, dir.Path, 16);

        // Then the guard is on with exactly the IPv4 loopback range let through
        Assert.False(options.Download.AllowPrivateAddresses);
        Assert.Equal(["127.0.0.0/8"], options.Download.AllowedAddressRanges);

        // When ingested with those options
        var summary = await IngestRunner.RunAsync(options, null);

        // Then only the demo server's image is fetched; every other address is refused by the guard
        var glob = DuckDb.Escape(Path.Combine(options.Run.OutputDirectory, "*.parquet"));
        var rows = DuckDb.Query($"SELECT url, status, error_message FROM read_parquet('{glob}') ORDER BY key");
        Assert.Equal(urls, rows.Select(r => (string)r[0]!));
        Assert.Equal([RowStatus.Success, null], rows[0][1..]);
        Assert.Equal(
            ["blocked address 10.1.2.3 (private)", "blocked address 192.168.0.1 (private)", "blocked address 169.254.169.254 (link-local)", "blocked address ::1 (loopback)"],
            rows.Skip(1).Select(r => ((string)r[2]!)[..((string)r[2]!).IndexOf(" for host", StringComparison.Ordinal)]));
        Assert.All(rows.Skip(1), r => Assert.Equal(RowStatus.FailedToDownload, r[1]));
        Assert.Equal(1, summary.Successes);
    }
}
