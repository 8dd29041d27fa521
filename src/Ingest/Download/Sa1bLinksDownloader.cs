using System.Net;
using System.Net.Http.Headers;
using DataForge.Core.Errors;
using DataForge.Core.Shards;
using DataForge.Ingest.Inputs;
using Microsoft.Extensions.Logging;

namespace DataForge.Ingest.Download;

/// <summary>
/// Downloads the tars named in an SA-1B links file (<c>file_name&lt;TAB&gt;cdn_link</c>, with header) into a cache
/// folder. A tar is fetched into <c>name.part</c> and renamed when complete; an interrupted download resumes with
/// an HTTP <c>Range</c> request from the bytes already there. Finished tars are never fetched again.
/// </summary>
internal sealed class Sa1bLinksDownloader(DownloadOptions options, ILogger logger)
{
    private const int Attempts = 4;

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
        string? error = null;
        for (var attempt = 0; attempt < Attempts; attempt++)
        {
            var have = File.Exists(part) ? new FileInfo(part).Length : 0;
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
                    return null;
                }

                if (!response.IsSuccessStatusCode)
                {
                    error = $"HTTP Error {(int)response.StatusCode}: {response.ReasonPhrase}";
                    if ((int)response.StatusCode is < 500 and not 429)
                    {
                        return error;
                    }

                    continue;
                }

                var append = response.StatusCode == HttpStatusCode.PartialContent && have > 0;
                await using (var file = new FileStream(part, append ? FileMode.Append : FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20, useAsync: true))
                {
                    await using var body = await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
                    await body.CopyToAsync(file, ct).ConfigureAwait(false);
                }

                AtomicFile.Commit(part, target);
                return null;
            }
            catch (HttpRequestException ex)
            {
                error = ex.InnerException is BlockedAddressException blocked ? blocked.Message : ex.Message;
                if (ex.InnerException is BlockedAddressException)
                {
                    return error;
                }
            }
            catch (IOException ex)
            {
                error = ex.Message;
            }
        }

        return error;
    }
}
