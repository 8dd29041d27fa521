using DataForge.Core.Shards;
using DataForge.Ingest.Output;
using DataForge.Ingest.Tars;

namespace DataForge.Ingest.Inputs;

/// <summary>
/// Finds the source of a row that an earlier run read from local files — a tar member (<c>url</c> = <c>tar/member</c>)
/// or a file of an image folder (<c>url</c> = its path) — from the input that run recorded in its shards, so
/// retry-failed re-reads it from there instead of fetching the locator as if it were a URL.
/// </summary>
internal sealed class LocalRowLocator
{
    private readonly InputFormat _format;
    private readonly string _folder;
    private readonly long _maxMemberBytes;
    private readonly Dictionary<string, string> _tars = new(StringComparer.Ordinal);
    private readonly Dictionary<string, TarIndex> _indexes = new(StringComparer.Ordinal);

    private LocalRowLocator(InputFormat format, string folder, IEnumerable<string> tars, long maxMemberBytes)
    {
        _format = format;
        _folder = folder;
        _maxMemberBytes = maxMemberBytes;
        foreach (var tar in tars)
        {
            _tars[Path.GetFileName(tar)] = tar;
        }
    }

    /// <summary>Builds a locator from what an earlier shard records about its input, or null when its rows came from URLs or it records nothing.</summary>
    /// <param name="recorded">The earlier shard's input record.</param>
    /// <param name="maxMemberBytes">The tar member size cap; a bigger member is not found (its row keeps its failure).</param>
    public static LocalRowLocator? From(ShardInput? recorded, long maxMemberBytes)
    {
        if (recorded is null
            || !recorded.Parameters.TryGetValue(IngestPlan.InputPathParameter, out var input)
            || !recorded.Parameters.TryGetValue("--input-format", out var formatName)
            || !Enum.TryParse<InputFormat>(formatName, out var format))
        {
            return null;
        }

        switch (format)
        {
            case InputFormat.ImageFolder:
                return new LocalRowLocator(format, Path.GetFullPath(input).TrimEnd('/') + "/", [], maxMemberBytes);
            case InputFormat.Sa1bTar or InputFormat.WebDataset when File.Exists(input) || Directory.Exists(input):
                return new LocalRowLocator(format, "", InputFiles.Resolve(input, format).Files, maxMemberBytes);
            case InputFormat.Sa1bLinks when recorded.Parameters.TryGetValue("--tar-cache", out var cache) && Directory.Exists(cache):
                return new LocalRowLocator(format, "", Directory.EnumerateFiles(cache, "*.tar"), maxMemberBytes);
            default:
                return null;
        }
    }

    /// <summary>Returns a reader of the row's bytes, or null when the source no longer has it (the caller keeps the earlier failure).</summary>
    /// <param name="locator">The row's <c>url</c> value.</param>
    /// <param name="cancellationToken">Cancels indexing a tar.</param>
    public Func<CancellationToken, ValueTask<LocalPayload>>? Find(string? locator, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(locator))
        {
            return null;
        }

        if (_format == InputFormat.ImageFolder)
        {
            return IsInsideFolder(locator)
                ? async ct => new LocalPayload(await File.ReadAllBytesAsync(locator, ct).ConfigureAwait(false), null, null)
                : null;
        }

        var slash = locator.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0 || !_tars.TryGetValue(locator[..slash], out var tar) || !File.Exists(tar))
        {
            return null;
        }

        if (!_indexes.TryGetValue(tar, out var index))
        {
            _indexes[tar] = index = TarIndex.Read(tar, _maxMemberBytes, cancellationToken);
        }

        var name = locator[(slash + 1)..];
        var member = index.Members.FirstOrDefault(m => m.Name == name);
        return member is null ? null : async ct => new LocalPayload(await member.ReadAsync(tar, ct).ConfigureAwait(false), null, null);
    }

    // Lexically inside the recorded folder, and inside it once every link is resolved (as ImageFolderSource reads).
    private bool IsInsideFolder(string path)
    {
        var full = Path.GetFullPath(path);
        return full.StartsWith(_folder, StringComparison.Ordinal)
            && File.Exists(full)
            && RealPath.Resolve(full) is { } real
            && RealPath.IsInside(real, RealPath.Resolve(_folder) ?? _folder);
    }
}
