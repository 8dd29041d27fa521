using System.Runtime.CompilerServices;
using System.Text;
using DataForge.Core.Manifests;
using DataForge.Core.Shards;
using DataForge.Ingest.Tars;

namespace DataForge.Ingest.Inputs;

/// <summary>
/// WebDataset tars: members sharing a key (path up to the first dot of the base name) form a sample; the image
/// member (<c>jpg</c>, <c>jpeg</c>, <c>png</c>, <c>webp</c>) is processed, <c>txt</c> becomes the caption and
/// <c>json</c> is kept verbatim. Members of a sample need not be consecutive. A sample with a member over the size
/// cap is one failed row naming that member (its small members, caption and JSON, are still kept).
/// </summary>
internal sealed class WebDatasetSource : IRecordSource
{
    private static readonly string[] ImageExtensions = ["jpg", "jpeg", "png", "webp"];
    private readonly IReadOnlyList<string> _tars;
    private readonly long _maxMemberBytes;

    public WebDatasetSource(IReadOnlyList<string> tars, long maxMemberBytes)
    {
        _tars = tars;
        _maxMemberBytes = maxMemberBytes;
        Sources = [.. tars.Select(t => new ManifestSource { Kind = "webdataset", Uri = t, Format = "tar" })];
    }

    public InputSchema Schema { get; } = new(
        [new(ShardColumns.Caption, ShardColumnType.String), new(ShardColumns.Url, ShardColumnType.String)],
        [new(IngestConstants.WebDatasetKeyColumn, ShardColumnType.String), new(IngestConstants.WebDatasetJsonColumn, ShardColumnType.String)]);

    public IReadOnlyList<ManifestSource> Sources { get; }

    public async IAsyncEnumerable<InputRecord> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var tar in _tars)
        {
            var index = await Task.Run(() => TarIndex.Read(tar, _maxMemberBytes, cancellationToken), cancellationToken).ConfigureAwait(false);
            var tarName = Path.GetFileName(tar);
            var groups = new Dictionary<string, List<TarMember>>(StringComparer.Ordinal);
            var order = new List<string>();
            foreach (var member in index.Members.Where(m => m.Extension.Length > 0))
            {
                if (!groups.TryGetValue(member.Key, out var list))
                {
                    groups[member.Key] = list = [];
                    order.Add(member.Key);
                }

                list.Add(member);
            }

            foreach (var key in order)
            {
                var members = groups[key];
                var image = members.FirstOrDefault(m => ImageExtensions.Contains(m.Extension));
                var captionMember = members.FirstOrDefault(m => m.Extension == "txt");
                var jsonMember = members.FirstOrDefault(m => m.Extension == "json");
                var locator = $"{tarName}/{image?.Name ?? key}";
                var caption = captionMember?.SizeRefusal is null ? await ReadTextAsync(tar, captionMember, cancellationToken).ConfigureAwait(false) : null;
                var json = jsonMember?.SizeRefusal is null ? await ReadTextAsync(tar, jsonMember, cancellationToken).ConfigureAwait(false) : null;
                var refusal = image?.SizeRefusal ?? captionMember?.SizeRefusal ?? jsonMember?.SizeRefusal;
                yield return new InputRecord
                {
                    Leading = [caption, locator],
                    Trailing = [key, json],
                    Preset = refusal is null ? null : RowOutcome.Failed(RowStatus.FailedToDownload, refusal),
                    ReadLocal = image is null
                        ? _ => ValueTask.FromResult(new LocalPayload(null, null, RowOutcome.Failed(RowStatus.FailedToDownload, $"sample {key} has no image member (jpg, jpeg, png, webp)")))
                        : async ct => new LocalPayload(await image.ReadAsync(tar, ct).ConfigureAwait(false), null, null),
                };
            }

            foreach (var failure in LocalFailures.For(index, 2, name => [name, null], 1))
            {
                yield return failure;
            }
        }
    }

    private static async Task<string?> ReadTextAsync(string tar, TarMember? member, CancellationToken ct) =>
        member is null ? null : Encoding.UTF8.GetString(await member.ReadAsync(tar, ct).ConfigureAwait(false));
}
