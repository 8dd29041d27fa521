using System.Text.Json;
using DataForge.Core.Shards;
using DataForge.Ingest.Tests.Infrastructure;
using DataForge.TestUtils;

namespace DataForge.Ingest.Tests.Download;

/// <summary>Time spent queued for a per-host slot is not charged to the request's timeouts.</summary>
public sealed class HostSlotTimeoutTests
{
    [SharedDataFact]
    public async Task RunAsync_OneSlotPerHostAndAQueueLongerThanTheTimeouts_EveryRequestSucceeds()
    {
        // Given twenty 250 ms responses from one host, one request per host at a time, and timeouts of 3 s: the queue
        // as a whole takes well over 3 s (5 s of server delay alone), every single request well under it
        await using var server = new PhotoServer();
        using var temp = new TempDirectory();
        var input = temp.Combine("urls.jsonl");
        var urls = Enumerable.Range(0, 20).Select(i => server.Url($"/delay/250/small/456_123.jpg?n={i}")).ToList();
        await File.WriteAllLinesAsync(input, urls.Select(u => JsonSerializer.Serialize(new { url = u })));
        var output = temp.Combine("out");
        var options = IngestTestOptions.Create(input, output, o =>
        {
            o.Download.PerHostConcurrency = 1;
            o.Download.Concurrency = 20;
            o.Download.MaxRetries = 0;
            o.Download.AttemptTimeout = TimeSpan.FromSeconds(3);
            o.Download.TotalTimeout = TimeSpan.FromSeconds(3);
        });

        // When
        var summary = await new IngestRunner(options).RunAsync();

        // Then no request timed out for waiting its turn, and each URL was asked for once (no retries hid a timeout)
        var rows = ShardReadBack.Rows(output, "status, error_message");
        Assert.True(rows.All(r => (string)r[0]! == RowStatus.Success), string.Join("\n", rows.Select(r => $"{r[0]} {r[1]}")));
        Assert.Equal(20, summary.Successes);
        Assert.Equal(20, server.Inner.Requests.Count);
    }
}
