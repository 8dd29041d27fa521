using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using DataForge.Core.Errors;
using DataForge.Core.Shards;
using DataForge.Ingest.Inputs;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;

namespace DataForge.Ingest.Download;

/// <summary>
/// Downloads the tars named in an SA-1B links file (<c>file_name&lt;TAB&gt;cdn_link</c>, with header) into a cache
/// folder. A tar is fetched into <c>name.part</c> and renamed when complete; an interrupted download resumes with
/// an HTTP <c>Range</c> request from the bytes already there. Finished tars are never fetched again.
/// </summary>
/// <remarks>
/// An SA-1B tar is about 11 GB, so the image fetcher's limits (body size, total time) do not apply. Transient
/// failures (5xx, 429, resets, a body that stalls for <see cref="DownloadOptions.AttemptTimeout"/>) are retried
/// by Polly with jittered exponential backoff or the server's <c>Retry-After</c>; the retry budget
/// (<see cref="MinRetries"/> or <c>--retries</c>, whichever is larger) counts only attempts that added no bytes,
/// so a link that keeps dropping but keeps making progress is followed to the end.
/// </remarks>
internal sealed class Sa1bLinksDownloader(DownloadOptions options, ILogger logger)
{
    private const int MinRetries = 3;

    private readonly ResiliencePipeline<FetchResult> _retry = new ResiliencePipelineBuilder<FetchResult>()
        .AddRetry(new RetryStrategyOptions<FetchResult>
        {
            MaxRetryAttempts = Math.Max(MinRetries, options.MaxRetries),
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = options.RetryBaseDelay,
            MaxDelay = options.MaxRetryDelay,
            ShouldHandle = args => ValueTask.FromResult(args.Outcome.Result is { IsTransient: true }),
            // A tar is worth waiting for: a long Retry-After is shortened to the longest delay, not a reason to give up.
            DelayGenerator = args => ValueTask.FromResult(args.Outcome.Result?.RetryAfter is { } after ? (TimeSpan?)TimeSpan.FromTicks(Math.Min(after.Ticks, options.MaxRetryDelay.Ticks)) : null),
        })
        .Build();

    public async Task<(List<string> Tars, List<(string Name, string Error)> Failures)> DownloadAsync(string linksFile, string directory, CancellationToken ct)
    {
        Directory.CreateDirectory(directory);
        var reader = DelimitedFileReader.Open(linksFile, '\t');
        var names = reader.Columns.Select(c => c.Name).ToList();
        var nameAt = names.IndexOf("file_name");
        var linkAt = names.IndexOf("cdn_link");
        if (nameAt < 0 || linkAt < 0)
        {
            throw new ShardFormatException(linksFile, null, "an SA-1B links file needs the header 'file_name<TAB>cdn_link'");
        }

        using var handler = new SocketsHttpHandler
        {
            UseProxy = false,
            AllowAutoRedirect = true,
            MaxAutomaticRedirections = Math.Max(1, options.MaxRedirects),
            ConnectTimeout = options.AttemptTimeout,
            // Each redirect hop opens its own connection through the guard, so the SSRF check covers all of them.
            ConnectCallback = new GuardedConnector(new AddressPolicy(options.AllowPrivateAddresses, options.AllowedAddressRanges)).ConnectAsync,
        };
        using var client = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        client.DefaultRequestHeaders.TryAddWithoutValidation("User-Agent", options.UserAgent);
        var tars = new List<string>();
        var failures = new List<(string, string)>();
        await foreach (var row in reader.ReadRowsAsync(ct).ConfigureAwait(false))
        {
            var name = (string)row[nameAt]!;
            if (name.Length == 0 || name != Path.GetFileName(name) || !name.EndsWith(".tar", StringComparison.Ordinal))
            {
                failures.Add((name, $"links file names '{name}', which is not a plain .tar file name"));
                continue;
            }

            var target = Path.Combine(directory, name);
            if (!File.Exists(target))
            {
                var error = await FetchResumableAsync(client, (string)row[linkAt]!, target, ct).ConfigureAwait(false);
                if (error is not null)
                {
                    logger.LogWarning("SA-1B tar {Name} not downloaded: {Error}", name, error);
                    failures.Add((name, error));
                    continue;
                }
            }

            tars.Add(target);
        }

        return (tars, failures);
    }

    private async Task<string?> FetchResumableAsync(HttpClient client, string link, string target, CancellationToken ct)
    {
        var part = target + ".part";
        while (true)
        {
            var before = PartLength(part);
            var result = await _retry.ExecuteAsync(
                async token => await AttemptAsync(client, link, part, target, token).ConfigureAwait(false),
                ct).ConfigureAwait(false);
            if (result.Error is null)
            {
                return null;
            }

            // A fresh budget only while the part file keeps growing: a dead link still gives up.
            if (!result.IsTransient || PartLength(part) <= before)
            {
                return result.Error;
            }

            logger.LogInformation("SA-1B tar {Name}: {Error}; resuming from byte {Have}", Path.GetFileName(target), result.Error, PartLength(part));
        }
    }

    /// <summary>One request: resumes the part file and commits the tar when whole; an empty body result means done.</summary>
    private async Task<FetchResult> AttemptAsync(HttpClient client, string link, string part, string target, CancellationToken ct)
    {
        var have = PartLength(part);
        using var request = new HttpRequestMessage(HttpMethod.Get, link);
        if (have > 0)
        {
            request.Headers.Range = new RangeHeaderValue(have, null);
        }

        try
        {
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct).ConfigureAwait(false);
            if (response.StatusCode == HttpStatusCode.RequestedRangeNotSatisfiable && have > 0)
            {
                // The part file already holds the whole tar (the rename was interrupted).
                File.Move(part, target, overwrite: true);
                return FetchResult.Ok([]);
            }

            if (FetchResult.FromStatus(response, DateTimeOffset.UtcNow) is { } failed)
            {
                return failed;
            }

            // A server that ignores Range answers 200 with the whole tar: start the part file over.
            var append = response.StatusCode == HttpStatusCode.PartialContent && have > 0;
            var expected = (append ? have : 0) + response.Content.Headers.ContentLength;
            await using (var file = new FileStream(part, append ? FileMode.Append : FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20, useAsync: true))
            {
                await using var body = await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
                await CopyWithStallLimitAsync(body, file, options.AttemptTimeout, ct).ConfigureAwait(false);
            }

            if (expected is { } length && PartLength(part) != length)
            {
                return FetchResult.Transient($"body ended after {PartLength(part)} of {length} bytes");
            }

            AtomicFile.Commit(part, target);
            return FetchResult.Ok([]);
        }
        catch (HttpRequestException ex) when (ex.InnerException is BlockedAddressException blocked)
        {
            return FetchResult.Permanent(blocked.Message);
        }
        catch (HttpRequestException ex)
        {
            return FetchResult.Transient(ex.Message);
        }
        catch (IOException ex)
        {
            return FetchResult.Transient(ex.Message);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return FetchResult.Transient(string.Create(CultureInfo.InvariantCulture, $"no data for {options.AttemptTimeout.TotalSeconds:0.###}s"));
        }
    }

    /// <summary>Copies a body, giving up when no byte arrives for <paramref name="stall"/> (a hung CDN connection).</summary>
    private static async Task CopyWithStallLimitAsync(Stream body, Stream file, TimeSpan stall, CancellationToken ct)
    {
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(1 << 20);
        try
        {
            using var idle = CancellationTokenSource.CreateLinkedTokenSource(ct);
            while (true)
            {
                idle.CancelAfter(stall);
                var read = await body.ReadAsync(buffer, idle.Token).ConfigureAwait(false);
                if (read == 0)
                {
                    return;
                }

                await file.WriteAsync(buffer.AsMemory(0, read), ct).ConfigureAwait(false);
            }
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static long PartLength(string part) => File.Exists(part) ? new FileInfo(part).Length : 0;
}
