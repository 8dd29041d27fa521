using System.Diagnostics;
using DataForge.Core.Shards;
using DataForge.Ingest.Download;
using DataForge.Ingest.Imaging;
using DataForge.Ingest.Inputs;

namespace DataForge.Ingest.Output;

/// <summary>
/// Turns one input row into its outcome: fetch (HTTP or local), then the image kernel on a bounded number of
/// cores. I/O waits do not hold a core; CPU work never exceeds <c>--parallelism</c> across all shards.
/// </summary>
internal sealed class RowProcessor(HttpImageFetcher fetcher, ImagePipeline pipeline, CpuWorkerPool cpu, HashAlgorithmKind hashKind)
{
    private long _fetchTicks;
    private long _processTicks;
    private long _bytesFetched;

    public TimeSpan FetchTime => Stopwatch.GetElapsedTime(0, Interlocked.Read(ref _fetchTicks));

    public TimeSpan ProcessTime => Stopwatch.GetElapsedTime(0, Interlocked.Read(ref _processTicks));

    public long BytesFetched => Interlocked.Read(ref _bytesFetched);

    public async Task<(RowOutcome Outcome, object?[] Trailing)> ProcessAsync(InputRecord record, CancellationToken ct)
    {
        if (record.Preset is { } preset)
        {
            return (preset, record.Trailing);
        }

        var started = Stopwatch.GetTimestamp();
        byte[] bytes;
        var trailing = record.Trailing;
        if (record.ReadLocal is { } read)
        {
            LocalPayload payload;
            try
            {
                payload = await read(ct).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                return (RowOutcome.Failed(RowStatus.FailedToDownload, $"read error: {ex.Message}"), trailing);
            }

            trailing = payload.Trailing ?? trailing;
            if (payload.Failure is not null || payload.Image is null)
            {
                return (payload.Failure ?? RowOutcome.Failed(RowStatus.FailedToDownload, "no image bytes"), trailing);
            }

            bytes = payload.Image;
        }
        else
        {
            var fetched = await fetcher.FetchAsync(record.Url, ct).ConfigureAwait(false);
            if (fetched.Body is null)
            {
                Interlocked.Add(ref _fetchTicks, Stopwatch.GetTimestamp() - started);
                return (RowOutcome.Failed(RowStatus.FailedToDownload, fetched.Error ?? "download failed"), trailing);
            }

            bytes = fetched.Body;
        }

        Interlocked.Add(ref _fetchTicks, Stopwatch.GetTimestamp() - started);
        Interlocked.Add(ref _bytesFetched, bytes.Length);
        var outcome = await cpu.RunAsync(
            () =>
            {
                var processing = Stopwatch.GetTimestamp();
                var result = pipeline.Process(bytes, record.ExpectedHash, hashKind);
                Interlocked.Add(ref _processTicks, Stopwatch.GetTimestamp() - processing);
                return result;
            },
            ct).ConfigureAwait(false);
        return (outcome, trailing);
    }
}
