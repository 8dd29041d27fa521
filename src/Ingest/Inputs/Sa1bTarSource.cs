using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using DataForge.Core.Manifests;
using DataForge.Core.Shards;
using DataForge.Ingest.Tars;

namespace DataForge.Ingest.Inputs;

/// <summary>
/// SA-1B tars: each <c>sa_&lt;id&gt;.jpg</c> with its <c>sa_&lt;id&gt;.json</c>, paired by key wherever they sit
/// in the tar. The output keeps the image id, file name, source tar, annotation count and the raw annotation
/// JSON (RLE masks are not decoded here). SA-1B has no captions; <c>url</c> holds <c>tar/member</c>. The image id
/// and file name come from the image member's own name; where the JSON says otherwise (id, file name, or a size
/// the decoded image does not have) the row keeps its status and <c>json_mismatch</c> says what disagrees.
/// </summary>
internal sealed class Sa1bTarSource : IRecordSource
{
    private readonly IReadOnlyList<string> _tars;
    private readonly IReadOnlyList<(string Name, string Error)> _failedDownloads;
    private readonly long _maxMemberBytes;

    public Sa1bTarSource(IReadOnlyList<string> tars, long maxMemberBytes, IReadOnlyList<(string Name, string Error)>? failedDownloads = null)
    {
        _tars = tars;
        _maxMemberBytes = maxMemberBytes;
        _failedDownloads = failedDownloads ?? [];
        Sources = [.. tars.Select(t => new ManifestSource { Kind = "sa1b-tar", Uri = t, Format = "tar" })];
    }

    public InputSchema Schema { get; } = new(
        [new(ShardColumns.Url, ShardColumnType.String)],
        [
            new(IngestConstants.Sa1bImageIdColumn, ShardColumnType.Int64),
            new(IngestConstants.Sa1bFileNameColumn, ShardColumnType.String),
            new(IngestConstants.Sa1bShardColumn, ShardColumnType.String),
            new(IngestConstants.Sa1bAnnotationCountColumn, ShardColumnType.Int32),
            new(IngestConstants.Sa1bAnnotationsColumn, ShardColumnType.String),
            new(IngestConstants.Sa1bJsonMismatchColumn, ShardColumnType.String),
        ]);

    public IReadOnlyList<ManifestSource> Sources { get; }

    public async IAsyncEnumerable<InputRecord> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var tar in _tars)
        {
            var index = await Task.Run(() => TarIndex.Read(tar, _maxMemberBytes, cancellationToken), cancellationToken).ConfigureAwait(false);
            var tarName = Path.GetFileName(tar);
            var groups = new Dictionary<string, (TarMember? Image, TarMember? Json)>(StringComparer.Ordinal);
            var order = new List<string>();
            foreach (var member in index.Members)
            {
                var ext = member.Extension;
                if (ext is not ("jpg" or "jpeg" or "json"))
                {
                    continue;
                }

                if (!groups.TryGetValue(member.Key, out var group))
                {
                    order.Add(member.Key);
                }

                groups[member.Key] = ext == "json" ? (group.Image, member) : (member, group.Json);
            }

            foreach (var key in order)
            {
                var (image, json) = groups[key];
                var fileName = image?.Name ?? key + ".jpg";
                var trailing = Trailing(ImageIdFromName(key), fileName, tarName, null, null, null);
                yield return new InputRecord
                {
                    Leading = [$"{tarName}/{fileName}"],
                    Trailing = trailing,
                    ReadLocal = ct => ReadSampleAsync(tar, tarName, key, image, json, trailing, ct),
                };
            }

            foreach (var failure in LocalFailures.For(index, 1, name => Trailing(null, name, tarName, null, null, null), 0))
            {
                yield return failure;
            }
        }

        foreach (var (name, error) in _failedDownloads)
        {
            yield return new InputRecord
            {
                Leading = [name],
                Trailing = Trailing(null, null, name, null, null, null),
                Preset = RowOutcome.Failed(RowStatus.FailedToDownload, $"SA-1B tar {name} could not be downloaded: {error}"),
            };
        }
    }

    private static async ValueTask<LocalPayload> ReadSampleAsync(string tar, string tarName, string key, TarMember? image, TarMember? json, object?[] trailing, CancellationToken ct)
    {
        if (image is null)
        {
            return new LocalPayload(null, null, RowOutcome.Failed(RowStatus.FailedToDownload, $"SA-1B sample {key} has {key}.json but no image member"));
        }

        if ((image.SizeRefusal ?? json?.SizeRefusal) is { } refusal)
        {
            return new LocalPayload(null, null, RowOutcome.Failed(RowStatus.FailedToDownload, refusal));
        }

        var bytes = await image.ReadAsync(tar, ct).ConfigureAwait(false);
        if (json is null)
        {
            return new LocalPayload(bytes, null, null);
        }

        Sa1bAnnotationFile annotations;
        try
        {
            annotations = Sa1bAnnotationFile.Parse(await json.ReadAsync(tar, ct).ConfigureAwait(false));
        }
        catch (JsonException ex)
        {
            return new LocalPayload(null, null, RowOutcome.Failed(RowStatus.FailedToDownload, $"invalid SA-1B annotation JSON {json.Name}: {ex.Message}"));
        }

        var imageId = (long?)trailing[0];
        var fileName = (string?)trailing[1];
        var identity = annotations.IdentityMismatches(imageId, image.Name);
        object?[] WithMismatch(RowOutcome? outcome)
        {
            var problems = outcome is not null && annotations.SizeMismatch(outcome) is { } size ? [.. identity, size] : identity;
            return Trailing(imageId, fileName, tarName, annotations.AnnotationCount, annotations.Annotations, problems.Count == 0 ? null : string.Join("; ", problems));
        }

        return new LocalPayload(bytes, WithMismatch(null), null) { AfterProcessing = WithMismatch };
    }

    private static object?[] Trailing(long? imageId, string? fileName, string tarName, int? count, string? annotations, string? mismatch) =>
        [imageId, fileName, tarName, count, annotations, mismatch];

    private static long? ImageIdFromName(string key)
    {
        var name = key[(key.LastIndexOf('/') + 1)..];
        return name.StartsWith("sa_", StringComparison.Ordinal)
            && long.TryParse(name.AsSpan(3), NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;
    }
}
