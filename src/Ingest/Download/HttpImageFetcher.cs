using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using Polly;
using Polly.Retry;

namespace DataForge.Ingest.Download;

/// <summary>
/// Fetches one image URL. Redirects are followed here, not by the handler, so every hop is counted and goes
/// through the SSRF guard; headers are checked (status, opt-out, content type, declared size) before the body
/// is read; the body is read with a size cap, after any <c>Content-Encoding</c> is undone (the cap counts decoded
/// bytes). Polly retries transient outcomes only (5xx, 429, timeouts, resets) with jittered exponential backoff or
/// the server's <c>Retry-After</c>, inside a total time limit. Both time limits (one attempt, all attempts) count the
/// request's own time only: waiting for a per-host slot pauses them (<see cref="ActiveTimeout"/>).
/// </summary>
internal sealed class HttpImageFetcher : IDisposable
{
    private const string RobotsHeader = "X-Robots-Tag";
    private readonly DownloadOptions _options;
    private readonly HttpClient _client;
    private readonly HostLimiter _hosts;
    private readonly ResiliencePipeline<FetchResult> _pipeline;
    private readonly TimeProvider _time;
    private readonly string[] _disallowed;

    public HttpImageFetcher(DownloadOptions options, TimeProvider time, Func<double> random)
    {
        _options = options;
        _time = time;
        _disallowed = [.. options.DisallowedHeaderDirectives];
        _hosts = new HostLimiter(options.PerHostConcurrency);
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseProxy = false,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.None,
            MaxConnectionsPerServer = options.PerHostConcurrency,
            ConnectTimeout = options.AttemptTimeout,
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            ConnectCallback = new GuardedConnector(new AddressPolicy(options.AllowPrivateAddresses, options.AllowedAddressRanges)).ConnectAsync,
        };
        _client = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        var agent = options.UserAgentToken is { } token ? $"{options.UserAgent} (compatible; {token})" : options.UserAgent;
        _client.DefaultRequestHeaders.TryAddWithoutValidation("User-Agent", agent);
        _pipeline = new ResiliencePipelineBuilder<FetchResult> { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions<FetchResult>
            {
                MaxRetryAttempts = Math.Max(1, options.MaxRetries),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.RetryBaseDelay,
                MaxDelay = options.MaxRetryDelay,
                Randomizer = random,
                ShouldHandle = args => ValueTask.FromResult(options.MaxRetries > 0 && ShouldRetry(args.Outcome)),
                DelayGenerator = args => ValueTask.FromResult(args.Outcome.Result?.RetryAfter),
            })
            .Build();
    }

    /// <summary>Fetches a URL; never throws for a bad URL or a network failure (only for cancellation of the run).</summary>
    public async Task<FetchResult> FetchAsync(string? url, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(url?.Trim(), UriKind.Absolute, out var uri) || uri.Host.Length == 0)
        {
            return FetchResult.Permanent($"invalid URL '{Truncate(url)}'");
        }

        if (uri.Scheme is not ("http" or "https"))
        {
            return FetchResult.Permanent($"unsupported URL scheme '{uri.Scheme}'");
        }

        using var total = new ActiveTimeout(_options.TotalTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, total.Token);
        try
        {
            return await _pipeline.ExecuteAsync(static (state, ct) => new ValueTask<FetchResult>(state.Self.AttemptAsync(state.Uri, state.Total, ct)), (Self: this, Uri: uri, Total: total), linked.Token)
                .ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException && total.Expired && !cancellationToken.IsCancellationRequested)
        {
            return FetchResult.Permanent(TimedOut(total.Limit));
        }
    }

    public void Dispose() => _client.Dispose();

    private static string TimedOut(TimeSpan limit) => string.Create(CultureInfo.InvariantCulture, $"timed out after {limit.TotalSeconds:0.###}s");

    private bool ShouldRetry(Outcome<FetchResult> outcome)
    {
        return outcome.Result is { IsTransient: true } result && (result.RetryAfter is null || result.RetryAfter <= _options.MaxRetryDelay);
    }

    /// <summary>One attempt, redirects included, under its own time limit; <paramref name="ct"/> carries the total limit and the run's cancellation.</summary>
    private async Task<FetchResult> AttemptAsync(Uri start, ActiveTimeout total, CancellationToken ct)
    {
        using var attempt = new ActiveTimeout(_options.AttemptTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, attempt.Token);
        try
        {
            return await FollowRedirectsAsync(start, total, attempt, linked.Token, ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException && attempt.Expired && !ct.IsCancellationRequested)
        {
            return FetchResult.Transient(TimedOut(attempt.Limit));
        }
    }

    private async Task<FetchResult> FollowRedirectsAsync(Uri start, ActiveTimeout total, ActiveTimeout attempt, CancellationToken ct, CancellationToken slotCt)
    {
        var current = start;
        for (var hop = 0; ; hop++)
        {
            using var slot = await WaitForSlotAsync(current.IdnHost, total, attempt, slotCt).ConfigureAwait(false);
            using var request = new HttpRequestMessage(HttpMethod.Get, current);
            HttpResponseMessage response;
            try
            {
                response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct).ConfigureAwait(false);
            }
            catch (HttpRequestException ex)
            {
                return FromRequestException(ex);
            }

            using (response)
            {
                if (IsRedirect(response.StatusCode))
                {
                    if (hop >= _options.MaxRedirects)
                    {
                        return FetchResult.Permanent($"too many redirects (more than {_options.MaxRedirects})");
                    }

                    if (response.Headers.Location is not { } location)
                    {
                        return FetchResult.Permanent($"HTTP {(int)response.StatusCode} redirect without a Location header");
                    }

                    current = location.IsAbsoluteUri ? location : new Uri(current, location);
                    if (current.Scheme is not ("http" or "https"))
                    {
                        return FetchResult.Permanent($"redirect to unsupported URL scheme '{current.Scheme}'");
                    }

                    continue;
                }

                return await ReadResponseAsync(response, ct).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Waits for a slot on <paramref name="host"/> with both time limits paused; only the run's cancellation ends the wait.</summary>
    private async Task<IDisposable> WaitForSlotAsync(string host, ActiveTimeout total, ActiveTimeout attempt, CancellationToken ct)
    {
        total.Pause();
        attempt.Pause();
        try
        {
            return await _hosts.EnterAsync(host, ct).ConfigureAwait(false);
        }
        finally
        {
            total.Resume();
            attempt.Resume();
        }
    }

    private async Task<FetchResult> ReadResponseAsync(HttpResponseMessage response, CancellationToken ct)
    {
        if (FetchResult.FromStatus(response, _time.GetUtcNow()) is { } failed)
        {
            return failed;
        }

        // The opt-out is decided on the headers, before a byte of the body is read (img2dataset reads it first, #298).
        if (response.Headers.TryGetValues(RobotsHeader, out var robots) && RobotsTagPolicy.IsDisallowed(robots, _disallowed, _options.UserAgentToken))
        {
            return FetchResult.Permanent(RobotsTagPolicy.DisallowedMessage);
        }

        if (_options.RejectTextContentTypes && response.Content.Headers.ContentType?.MediaType is { } media && media.StartsWith("text/", StringComparison.OrdinalIgnoreCase))
        {
            return FetchResult.Permanent($"Content-Type {media} is not an image");
        }

        var declared = response.Content.Headers.ContentLength;
        if (declared > _options.MaxBodyBytes)
        {
            return FetchResult.Permanent($"body of {declared} bytes exceeds the limit of {_options.MaxBodyBytes} bytes");
        }

        try
        {
            await using var body = await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
            var encodings = response.Content.Headers.ContentEncoding;
            if (ContentDecoding.IsEncoded(encodings))
            {
                return await ReadDecodedAsync(body, encodings, _options.MaxBodyBytes, ct).ConfigureAwait(false);
            }

            return declared is > 0 and var length
                ? await ReadDeclaredAsync(body, (int)length, ct).ConfigureAwait(false)
                : await ReadUndeclaredAsync(body, _options.MaxBodyBytes, "body", ct).ConfigureAwait(false);
        }
        catch (HttpIOException ex) when (!ct.IsCancellationRequested)
        {
            return FetchResult.Transient(ex.Message);
        }
        catch (IOException ex) when (!ct.IsCancellationRequested)
        {
            return FetchResult.Transient(ex.Message);
        }
    }

    /// <summary>Reads an encoded body through its decoders, with the size cap on the decoded bytes (a gzip bomb stops at the cap).</summary>
    private static async Task<FetchResult> ReadDecodedAsync(Stream body, ICollection<string> encodings, long maxBytes, CancellationToken ct)
    {
        var names = string.Join(", ", encodings);
        var (decoded, error) = ContentDecoding.Wrap(body, encodings);
        if (decoded is null)
        {
            return FetchResult.Permanent(error!);
        }

        await using (decoded.ConfigureAwait(false))
        {
            try
            {
                return await ReadUndeclaredAsync(decoded, maxBytes, $"decoded ({names}) body", ct).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is InvalidDataException or InvalidOperationException)
            {
                // Corrupt compressed data (gzip/deflate throw InvalidDataException, Brotli InvalidOperationException).
                return FetchResult.Permanent($"body is not valid {names}: {ex.Message}");
            }
        }
    }

    /// <summary>
    /// Reads a body whose length the server declared straight into an array of that size: one copy of the image
    /// bytes instead of three (chunk, growing stream, final array), which matters at hundreds of images a second.
    /// </summary>
    private static async Task<FetchResult> ReadDeclaredAsync(Stream body, int length, CancellationToken ct)
    {
        var bytes = new byte[length];
        var filled = 0;
        int read;
        while (filled < length && (read = await body.ReadAsync(bytes.AsMemory(filled), ct).ConfigureAwait(false)) > 0)
        {
            filled += read;
        }

        // HTTP/1.1 framing ends the stream at the declared length, so only a short body needs a check.
        return filled < length ? FetchResult.Transient($"body ended after {filled} of {length} bytes") : FetchResult.Ok(bytes);
    }

    private static async Task<FetchResult> ReadUndeclaredAsync(Stream body, long maxBytes, string what, CancellationToken ct)
    {
        using var buffer = new MemoryStream(64 * 1024);
        var chunk = System.Buffers.ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            int read;
            while ((read = await body.ReadAsync(chunk, ct).ConfigureAwait(false)) > 0)
            {
                if (buffer.Length + read > maxBytes)
                {
                    return FetchResult.Permanent($"{what} exceeds the limit of {maxBytes} bytes");
                }

                buffer.Write(chunk, 0, read);
            }

            return FetchResult.Ok(buffer.ToArray());
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(chunk);
        }
    }

    private static FetchResult FromRequestException(HttpRequestException ex)
    {
        for (Exception? inner = ex; inner is not null; inner = inner.InnerException)
        {
            if (inner is BlockedAddressException blocked)
            {
                return FetchResult.Permanent(blocked.Message);
            }

            if (inner is SocketException { SocketErrorCode: SocketError.HostNotFound or SocketError.NoData } dns)
            {
                return FetchResult.Permanent(dns.Message);
            }
        }

        var message = ex.InnerException is { } cause ? $"{ex.Message} ({cause.Message})" : ex.Message;
        return ex.HttpRequestError is HttpRequestError.NameResolutionError or HttpRequestError.SecureConnectionError or HttpRequestError.ConfigurationLimitExceeded
            ? FetchResult.Permanent(message)
            : FetchResult.Transient(message);
    }

    private static bool IsRedirect(HttpStatusCode code) =>
        code is HttpStatusCode.MovedPermanently or HttpStatusCode.Found or HttpStatusCode.SeeOther or HttpStatusCode.TemporaryRedirect or HttpStatusCode.PermanentRedirect;

    private static string Truncate(string? text) => text is null ? "" : text.Length <= 200 ? text : text[..200] + "…";
}
