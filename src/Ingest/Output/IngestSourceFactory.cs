using DataForge.Ingest.Download;
using DataForge.Ingest.Inputs;
using Microsoft.Extensions.Logging;

namespace DataForge.Ingest.Output;

/// <summary>Builds the record source for <c>--input</c>: URL lists, SA-1B tars or links, WebDataset tars, or an image folder.</summary>
internal static class IngestSourceFactory
{
    public static async Task<IRecordSource> CreateAsync(IngestOptions options, ILogger logger, CancellationToken ct)
    {
        var (format, files) = InputFiles.Resolve(options.InputPath, options.InputFormat);
        switch (format)
        {
            case InputFormat.ImageFolder:
                return new ImageFolderSource(files[0]);
            case InputFormat.Sa1bTar:
                return new Sa1bTarSource(files, options.Download.MaxTarMemberBytes);
            case InputFormat.WebDataset:
                return new WebDatasetSource(files, options.Download.MaxTarMemberBytes);
            case InputFormat.Sa1bLinks:
            {
                var cache = options.TarDownloadDirectory ?? Path.Combine(options.Run.OutputDirectory, "_tars");
                var downloader = new Sa1bLinksDownloader(options.Download, logger);
                var tars = new List<string>();
                var failures = new List<(string, string)>();
                foreach (var links in files)
                {
                    var (got, failed) = await downloader.DownloadAsync(links, cache, ct).ConfigureAwait(false);
                    tars.AddRange(got);
                    failures.AddRange(failed);
                }

                return new Sa1bTarSource(tars, options.Download.MaxTarMemberBytes, failures);
            }

            default:
                return await UrlListSource.OpenAsync(options, format, files, ct).ConfigureAwait(false);
        }
    }
}
