using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using DataForge.Core.Progress;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Polly;
using Polly.Retry;

namespace DataForge.Captioner.Hub;

/// <summary>
/// Downloads a captioning model from a Hugging Face hub: lists the repository at a revision
/// (<c>{endpoint}/api/models/{repo}/revision/{revision}?blobs=true</c>), pins the commit it resolves to, and fetches
/// exactly the needed files from <c>{endpoint}/{repo}/resolve/{commit}/{path}</c>. Each file is resumed with a
/// Range request after a dropped connection, verified (LFS sha256, or the git blob id for small files), and
/// retried with Polly on transient failures.
/// </summary>
public sealed class HubModelPuller
{
    private readonly ModelPullOptions _options;
    private readonly HttpClient _http;
    private readonly ILogger _logger;
    private readonly ResiliencePipeline _retry;
    private readonly Func<IReadOnlyList<string>, IReadOnlyDictionary<string, string>>? _placement;

    /// <summary>Creates the puller.</summary>
    /// <param name="options">The options; validated by <see cref="PullAsync"/>.</param>
    /// <param name="http">The client to use (not disposed).</param>
    /// <param name="logger">Logging.</param>
    /// <param name="placement">
    /// Chooses the files of another kind of model from the listed paths and maps each repository path to its path
    /// in the output folder (it throws when the repository does not hold that kind of model); by default the
    /// captioning model's files are selected by <see cref="HubFileSelector"/> and keep their paths.
    /// </param>
    public HubModelPuller(ModelPullOptions options, HttpClient http, ILogger? logger = null, Func<IReadOnlyList<string>, IReadOnlyDictionary<string, string>>? placement = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(http);
        _options = options;
        _placement = placement;
        _http = http;
        _logger = logger ?? NullLogger.Instance;
        _retry = new ResiliencePipelineBuilder()
            .AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = Math.Max(options.MaxRetries, 0) == 0 ? 1 : options.MaxRetries,
                Delay = options.RetryDelay,
                BackoffType = DelayBackoffType.Exponential,
                ShouldHandle = new PredicateBuilder().Handle<HubTransferException>(e => e.Transient && options.MaxRetries > 0)
                    .Handle<HttpRequestException>(_ => options.MaxRetries > 0)
                    .Handle<IOException>(_ => options.MaxRetries > 0),
                OnRetry = args =>
                {
                    _logger.LogWarning("Retry {Attempt} after: {Error}", args.AttemptNumber + 1, args.Outcome.Exception?.Message);
                    return default;
                },
            })
            .Build();
    }

    /// <summary>Pulls the model.</summary>
    /// <param name="progress">Receives bytes transferred per file.</param>
    /// <param name="cancellationToken">Cancels the transfer; a partial file is kept and resumed next time.</param>
    /// <returns>What was fetched.</returns>
    /// <exception cref="HubTransferException">The listing or a file could not be fetched or verified.</exception>
    public async Task<ModelPullResult> PullAsync(IProgress<StageProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        _options.Validate();
        var (commit, listing) = await _retry.ExecuteAsync(ListAsync, cancellationToken).ConfigureAwait(false);
        var selected = Select(listing);
        var directory = Path.GetFullPath(_options.ResolvedOutputDirectory);
        Directory.CreateDirectory(directory);
        var downloaded = new List<string>();
        var present = new List<string>();
        long bytes = 0;
        var total = selected.Sum(f => f.File.Size ?? 0);
        foreach (var (file, local) in selected)
        {
            var destination = Path.GetFullPath(Path.Combine(directory, local));
            if (!destination.StartsWith(directory + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            {
                throw new HubTransferException($"refusing to write '{local}' outside {directory}", transient: false);
            }

            if (File.Exists(destination) && (file.Size is null || new FileInfo(destination).Length == file.Size)
                && await VerifyAsync(destination, file, cancellationToken).ConfigureAwait(false) is null)
            {
                present.Add(local);
                continue;
            }

            var before = bytes;
            bytes += await _retry.ExecuteAsync(ct => DownloadAsync(commit, file, destination, ct), cancellationToken).ConfigureAwait(false);
            downloaded.Add(local);
            _logger.LogInformation("{Path}: {Bytes} bytes, verified", local, bytes - before);
            progress?.Report(new StageProgress("models pull", "bytes", selected.TakeWhile(f => f.File != file).Sum(f => f.File.Size ?? 0) + (file.Size ?? 0), total, local));
        }

        return new ModelPullResult(directory, commit, downloaded, present, bytes);
    }

    private List<(HubFile File, string Local)> Select(IReadOnlyList<HubFile> listing)
    {
        if (_placement is null)
        {
            return HubFileSelector.Select(listing, _options.Dtype).Select(f => (f, f.Path)).ToList();
        }

        var byPath = listing.ToDictionary(f => f.Path, StringComparer.Ordinal);
        return _placement(listing.Select(f => f.Path).ToList()).Select(p => (byPath[p.Key], p.Value)).ToList();
    }

    private async ValueTask<(string Commit, IReadOnlyList<HubFile> Files)> ListAsync(CancellationToken cancellationToken)
    {
        var url = $"{_options.Endpoint.TrimEnd('/')}/api/models/{_options.RepoId}/revision/{Uri.EscapeDataString(_options.Revision)}?blobs=true";
        using var request = Request(HttpMethod.Get, url);
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        EnsureSuccess(response, url);
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        using var json = await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken).ConfigureAwait(false);
        var root = json.RootElement;
        var commit = root.TryGetProperty("sha", out var sha) && sha.ValueKind == JsonValueKind.String ? sha.GetString()! : _options.Revision;
        var files = new List<HubFile>();
        foreach (var sibling in root.GetProperty("siblings").EnumerateArray())
        {
            var path = sibling.GetProperty("rfilename").GetString()!;
            long? size = sibling.TryGetProperty("size", out var s) && s.ValueKind == JsonValueKind.Number ? s.GetInt64() : null;
            string? sha256 = null;
            if (sibling.TryGetProperty("lfs", out var lfs) && lfs.ValueKind == JsonValueKind.Object)
            {
                sha256 = lfs.TryGetProperty("sha256", out var h) ? h.GetString() : null;
                size = lfs.TryGetProperty("size", out var ls) && ls.ValueKind == JsonValueKind.Number ? ls.GetInt64() : size;
            }

            var blob = sibling.TryGetProperty("blobId", out var b) && b.ValueKind == JsonValueKind.String ? b.GetString() : null;
            files.Add(new HubFile(path, size, sha256, blob));
        }

        return (commit, files);
    }

    private async ValueTask<long> DownloadAsync(string commit, HubFile file, string destination, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
        var partial = destination + ModelPullConstants.IncompleteSuffix;
        var url = $"{_options.Endpoint.TrimEnd('/')}/{_options.RepoId}/resolve/{commit}/{string.Join('/', file.Path.Split('/').Select(Uri.EscapeDataString))}";
        var offset = File.Exists(partial) ? new FileInfo(partial).Length : 0;
        if (file.Size is { } expected && offset > expected)
        {
            File.Delete(partial);
            offset = 0;
        }

        long transferred = 0;
        if (file.Size is null || offset < file.Size)
        {
            using var request = Request(HttpMethod.Get, url);
            if (offset > 0)
            {
                request.Headers.Range = new RangeHeaderValue(offset, null);
            }

            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            if (response.StatusCode == HttpStatusCode.RequestedRangeNotSatisfiable)
            {
                File.Delete(partial);
                throw new HubTransferException($"{url}: server rejected resuming at byte {offset}; restarting", transient: true);
            }

            EnsureSuccess(response, url);
            var append = offset > 0 && response.StatusCode == HttpStatusCode.PartialContent;
            if (offset > 0 && !append)
            {
                _logger.LogInformation("{Path}: server ignored the Range request; downloading from the start", file.Path);
            }

            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            await using (var output = new FileStream(partial, append ? FileMode.Append : FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
            {
                var buffer = new byte[1 << 16];
                int read;
                try
                {
                    while ((read = await body.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
                    {
                        await output.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                        transferred += read;
                    }
                }
                catch (Exception ex) when (ex is IOException or HttpRequestException)
                {
                    // Keep what arrived: the retry resumes from here with a Range request.
                    throw new HubTransferException($"{url}: connection dropped after {offset + transferred} bytes: {ex.Message}", transient: true, ex);
                }
            }

            if (file.Size is { } size && new FileInfo(partial).Length < size)
            {
                throw new HubTransferException($"{url}: transfer ended at {new FileInfo(partial).Length} of {size} bytes", transient: true);
            }
        }

        var problem = await VerifyAsync(partial, file, cancellationToken).ConfigureAwait(false);
        if (problem is not null)
        {
            File.Delete(partial);
            throw new HubTransferException($"{url}: {problem}; the partial file was discarded", transient: true);
        }

        File.Move(partial, destination, overwrite: true);
        return transferred;
    }

    /// <summary>Returns why a file does not match its listing, or <see langword="null"/> when it does.</summary>
    internal static async Task<string?> VerifyAsync(string path, HubFile file, CancellationToken cancellationToken)
    {
        var length = new FileInfo(path).Length;
        if (file.Size is { } size && length != size)
        {
            return $"size {length} differs from the listed {size}";
        }

        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
        if (file.Sha256 is { } sha256)
        {
            var actual = Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken).ConfigureAwait(false));
            return string.Equals(actual, sha256, StringComparison.OrdinalIgnoreCase) ? null : $"sha256 {actual} differs from the listed {sha256}";
        }

        if (file.GitBlobId is { } blob)
        {
            // Files kept in git are listed by blob id: sha1 over "blob {size}\0" and the content.
            using var sha1 = IncrementalHash.CreateHash(HashAlgorithmName.SHA1);
            sha1.AppendData(Encoding.ASCII.GetBytes($"blob {length.ToString(CultureInfo.InvariantCulture)}\0"));
            var buffer = new byte[1 << 16];
            int read;
            while ((read = await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
            {
                sha1.AppendData(buffer, 0, read);
            }

            var actual = Convert.ToHexStringLower(sha1.GetHashAndReset());
            return string.Equals(actual, blob, StringComparison.OrdinalIgnoreCase) ? null : $"git blob id {actual} differs from the listed {blob}";
        }

        return null;
    }

    private HttpRequestMessage Request(HttpMethod method, string url)
    {
        var request = new HttpRequestMessage(method, url);
        if (_options.Token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _options.Token);
        }

        return request;
    }

    private static void EnsureSuccess(HttpResponseMessage response, string url)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        var code = (int)response.StatusCode;
        var transient = code >= 500 || code == 429 || code == 408;
        var hint = code is 401 or 403 ? " (gated or private repository: set HF_TOKEN)" : code == 404 ? " (check the repository id, revision and path)" : "";
        throw new HubTransferException($"{url}: HTTP {code} {response.ReasonPhrase}{hint}", transient);
    }
}
