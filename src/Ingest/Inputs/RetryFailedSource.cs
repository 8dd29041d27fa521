using System.Runtime.CompilerServices;
using DataForge.Core.Errors;
using DataForge.Core.Manifests;
using DataForge.Core.Shards;
using DataForge.Ingest.Output;

namespace DataForge.Ingest.Inputs;

/// <summary>
/// An earlier run's done shards as input: rows with status <c>success</c> are carried over unchanged (image
/// included), every other row is read again from where it came from — fetched from its <c>url</c> when that is a web
/// address, re-read from its tar member or image file when the earlier run read local files — and a row whose source
/// cannot be found again keeps its earlier status and message. Shard ids and keys are kept.
/// </summary>
internal sealed class RetryFailedSource
{
    private readonly ShardSet _previous;
    private readonly IReadOnlyList<int> _shards;
    private readonly string _imageColumn;
    private readonly long _maxTarMemberBytes;

    private RetryFailedSource(ShardSet previous, IReadOnlyList<int> shards, InputSchema schema, string imageColumn, long maxTarMemberBytes)
    {
        _previous = previous;
        _maxTarMemberBytes = maxTarMemberBytes;
        _shards = shards;
        _imageColumn = imageColumn;
        Schema = schema;
        Sources = [new ManifestSource { Kind = "shards", Uri = previous.Directory, Format = "parquet" }];
    }

    public InputSchema Schema { get; }

    public IReadOnlyList<ManifestSource> Sources { get; }

    public static async Task<RetryFailedSource> OpenAsync(string directory, ImageEncodeFormat format, long maxTarMemberBytes, CancellationToken ct)
    {
        var previous = new ShardSet(directory);
        var shards = previous.ListDoneShards();
        if (shards.Count == 0)
        {
            throw new OptionsValidationException("--retry-failed-from", $"'{directory}' holds no finished shard");
        }

        await using var reader = await ShardFileReader.OpenAsync(previous.DataPath(shards[0]), ct).ConfigureAwait(false);
        if (!reader.HasColumn(ShardColumns.Url) || !reader.HasColumn(ShardColumns.Status))
        {
            throw new OptionsValidationException("--retry-failed-from", $"'{directory}' does not hold ingest shards (no url/status columns)");
        }

        var imageColumn = new IngestSchema(new InputSchema([], []), format).ImageColumn;
        if (ShardColumns.ImageColumns.FirstOrDefault(reader.HasColumn) is { } existing && existing != imageColumn)
        {
            throw new OptionsValidationException("--encode-format", $"the earlier run wrote '{existing}' images; retry with the same format");
        }

        var leading = reader.Schema.Where(s => !IngestSchema.IsOwnedColumn(s.Name)).ToList();
        return new RetryFailedSource(previous, shards, new InputSchema(leading, []), imageColumn, maxTarMemberBytes);
    }

    /// <summary>Streams one batch per earlier shard, under the same shard id.</summary>
    public async IAsyncEnumerable<ShardBatch> ReadShardsAsync([EnumeratorCancellation] CancellationToken ct)
    {
        foreach (var shardId in _shards)
        {
            var table = await ShardFileReader.ReadTableAsync(_previous.DataPath(shardId), null, ct).ConfigureAwait(false);
            var records = new List<InputRecord>(table.RowCount);
            var keys = table.Get<string>(ShardColumns.Key);
            var statuses = table.Get<string>(ShardColumns.Status);
            var urls = table.Get<string>(ShardColumns.Url);
            var messages = table.HasColumn(ShardColumns.ErrorMessage) ? table.Get<string>(ShardColumns.ErrorMessage) : new string?[table.RowCount];
            var locator = LocalRowLocator.From((await _previous.ReadStatsAsync(shardId, ct).ConfigureAwait(false))?.Input, _maxTarMemberBytes);
            var leading = Schema.Leading.Select(s => table.GetColumn(s.Name)).ToArray();
            for (var row = 0; row < table.RowCount; row++)
            {
                var carried = statuses[row] == RowStatus.Success ? Carried(table, row) : null;
                var local = carried is null && !IsWebAddress(urls[row]) ? locator?.Find(urls[row], ct) : null;
                if (carried is null && local is null && !IsWebAddress(urls[row]))
                {
                    // Not a URL and not found in the recorded source: fetching the locator would only turn the real
                    // failure into "invalid URL", so the earlier outcome stands.
                    carried = RowOutcome.Failed(statuses[row] ?? RowStatus.FailedToDownload, messages[row] ?? "source no longer available");
                }

                records.Add(new InputRecord
                {
                    Url = local is null ? urls[row] : null,
                    Key = keys[row],
                    Leading = [.. leading.Select(c => c.GetValue(row))],
                    Preset = carried,
                    ReadLocal = local,
                });
            }

            yield return new ShardBatch(shardId, 0, records);
        }
    }

    private static bool IsWebAddress(string? url) =>
        url is not null && (url.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || url.StartsWith("https://", StringComparison.OrdinalIgnoreCase));

    private RowOutcome Carried(ShardTable table, int row)
    {
        T? Value<T>(string name) => table.HasColumn(name) ? (T?)table.GetColumn(name).GetValue(row) : default;
        return new RowOutcome
        {
            Status = RowStatus.Success,
            Width = Value<int?>(ShardColumns.Width),
            Height = Value<int?>(ShardColumns.Height),
            OriginalWidth = Value<int?>(ShardColumns.OriginalWidth),
            OriginalHeight = Value<int?>(ShardColumns.OriginalHeight),
            Exif = Value<string>(ShardColumns.Exif),
            Sha256 = Value<string>(ShardColumns.Sha256),
            Image = Value<byte[]>(_imageColumn),
            PerceptualHash = Value<long?>(IngestConstants.PerceptualHashColumn),
            ColorSignature = Value<byte[]>(IngestConstants.ColorSignatureColumn),
            Orientation = Value<int?>(IngestConstants.OrientationColumn),
        };
    }
}
