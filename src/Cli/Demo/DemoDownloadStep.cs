using System.Security.Cryptography;
using DataForge.Core.Progress;
using DataForge.Core.Shards;
using SixLabors.ImageSharp;

namespace DataForge.Cli.Demo;

/// <summary>
/// The demo's download step: fetches every URL of the list over HTTP and writes image shards in the contract
/// schema, one row per URL with failures recorded. Kept deliberately small; the Ingest stage replaces it.
/// </summary>
internal static class DemoDownloadStep
{
    public static async Task<ShardSet> RunAsync(IReadOnlyList<(string Url, string Caption)> rows, string outputDirectory, int samplesPerShard, IProgress<StageProgress>? progress, CancellationToken cancellationToken)
    {
        var set = new ShardSet(outputDirectory);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var schema = new List<ShardColumnSpec> { new(ShardColumns.Url, ShardColumnType.String), new(ShardColumns.Caption, ShardColumnType.String) };
        schema.AddRange(ShardColumns.ImageShardBase);
        schema.Add(new(ShardColumns.Jpg, ShardColumnType.Binary));
        var done = 0;
        for (var shard = 0; shard * samplesPerShard < rows.Count; shard++)
        {
            var slice = rows.Skip(shard * samplesPerShard).Take(samplesPerShard).ToList();
            var stats = new ShardStats { Stage = "ingest", StartTime = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0 };
            var columns = schema.ToDictionary(s => s.Name, s => Array.CreateInstance(s.ElementType, slice.Count));
            for (var i = 0; i < slice.Count; i++)
            {
                var (status, error, bytes) = await FetchAsync(http, slice[i].Url, cancellationToken).ConfigureAwait(false);
                columns[ShardColumns.Url].SetValue(slice[i].Url, i);
                columns[ShardColumns.Caption].SetValue(slice[i].Caption, i);
                columns[ShardColumns.Key].SetValue(SampleKey.Format(shard, i, samplesPerShard), i);
                columns[ShardColumns.Status].SetValue(status, i);
                columns[ShardColumns.ErrorMessage].SetValue(error, i);
                if (bytes is not null)
                {
                    var info = Image.Identify(bytes);
                    columns[ShardColumns.Width].SetValue(info.Width, i);
                    columns[ShardColumns.Height].SetValue(info.Height, i);
                    columns[ShardColumns.OriginalWidth].SetValue(info.Width, i);
                    columns[ShardColumns.OriginalHeight].SetValue(info.Height, i);
                    columns[ShardColumns.Sha256].SetValue(Convert.ToHexStringLower(SHA256.HashData(bytes)), i);
                    columns[ShardColumns.Jpg].SetValue(bytes, i);
                }

                stats.CountRow(status, error);
                progress?.Report(new StageProgress("ingest", "rows", ++done, rows.Count, $"shard {ShardNaming.Stem(shard)}"));
            }

            await ShardFileWriter.WriteTableAsync(set.DataPath(shard), new ShardTable(schema.Select(s => new ShardColumn(s, columns[s.Name]))), cancellationToken: cancellationToken).ConfigureAwait(false);
            stats.EndTime = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0;
            stats.Duration = stats.EndTime - stats.StartTime;
            await set.MarkDoneAsync(shard, stats, cancellationToken).ConfigureAwait(false);
        }

        return set;
    }

    private static async Task<(string Status, string? Error, byte[]? Bytes)> FetchAsync(HttpClient http, string url, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await http.GetAsync(url, cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                return (RowStatus.FailedToDownload, $"HTTP Error {(int)response.StatusCode}: {response.ReasonPhrase}", null);
            }

            var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                // ImageSharp 2 returns null, rather than throwing, for bytes in no known format.
                return Image.Identify(bytes) is null
                    ? (RowStatus.FailedToResize, "Image decoding error: unknown image format", null)
                    : (RowStatus.Success, null, bytes);
            }
            catch (Exception ex) when (ex is UnknownImageFormatException or InvalidImageContentException)
            {
                return (RowStatus.FailedToResize, "Image decoding error: " + ex.Message, null);
            }
        }
        catch (HttpRequestException ex)
        {
            return (RowStatus.FailedToDownload, ex.Message, null);
        }
    }
}
