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
    public async Task<ProcessedRow> ProcessAsync(InputRecord record, CancellationToken ct)
    {
        if (record.Preset is { } preset)
        {
            return new ProcessedRow(preset, record.Trailing, 0, 0, 0);
        }

        var started = Stopwatch.GetTimestamp();
        byte[] bytes;
        var trailing = record.Trailing;
        Func<RowOutcome, object?[]>? afterProcessing = null;
        if (record.ReadLocal is { } read)
        {
            LocalPayload payload;
            try
            {
                payload = await read(ct).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                return new ProcessedRow(RowOutcome.Failed(RowStatus.FailedToDownload, $"read error: {ex.Message}"), trailing, Stopwatch.GetTimestamp() - started, 0, 0);
            }

            trailing = payload.Trailing ?? trailing;
            if (payload.Failure is not null || payload.Image is null)
            {
                return new ProcessedRow(payload.Failure ?? RowOutcome.Failed(RowStatus.FailedToDownload, "no image bytes"), trailing, Stopwatch.GetTimestamp() - started, 0, 0);
            }

            bytes = payload.Image;
            afterProcessing = payload.AfterProcessing;
        }
        else
        {
            var fetched = await fetcher.FetchAsync(record.Url, ct).ConfigureAwait(false);
            if (fetched.Body is null)
            {
                return new ProcessedRow(RowOutcome.Failed(RowStatus.FailedToDownload, fetched.Error ?? "download failed"), trailing, Stopwatch.GetTimestamp() - started, 0, 0);
            }

            bytes = fetched.Body;
        }

        var fetchTicks = Stopwatch.GetTimestamp() - started;
        var (outcome, processTicks) = await cpu.RunAsync(
            () =>
            {
                var processing = Stopwatch.GetTimestamp();
                var result = pipeline.Process(bytes, record.ExpectedHash, hashKind);
                return (result, Stopwatch.GetTimestamp() - processing);
            },
            ct).ConfigureAwait(false);
        return new ProcessedRow(outcome, afterProcessing?.Invoke(outcome) ?? trailing, fetchTicks, processTicks, bytes.Length);
    }
}
