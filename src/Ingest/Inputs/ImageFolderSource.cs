using System.Runtime.CompilerServices;
using DataForge.Core.Manifests;
using DataForge.Core.Shards;

namespace DataForge.Ingest.Inputs;

/// <summary>
/// A folder of images (sub-folders included, in ordinal path order); <c>photo.txt</c> beside <c>photo.jpg</c> is
/// its caption. <c>url</c> holds the file path. Only files whose real path (every symlink resolved) is inside the
/// folder are read: a link out of it (to <c>/etc/passwd</c>, <c>../other.jpg</c>) or a broken link is a failed row
/// saying so. Symlinked sub-folders are never descended into, so link loops end; one pointing inside the folder
/// adds nothing (its files are listed under their real path), one pointing outside is a failed row.
/// </summary>
internal sealed class ImageFolderSource : IRecordSource
{
    private readonly string _folder;

    public ImageFolderSource(string folder)
    {
        _folder = folder;
        Sources = [new ManifestSource { Kind = "image-folder", Uri = folder }];
    }

    public InputSchema Schema { get; } = new(
        [new(ShardColumns.Caption, ShardColumnType.String), new(ShardColumns.Url, ShardColumnType.String)], []);

    public IReadOnlyList<ManifestSource> Sources { get; }

    public async IAsyncEnumerable<InputRecord> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var folder = Path.GetFullPath(_folder);
        var realFolder = RealPath.Resolve(folder) ?? folder;
        foreach (var (path, refusal) in List(folder, realFolder, cancellationToken).OrderBy(e => e.Path, StringComparer.Ordinal))
        {
            if (refusal is not null)
            {
                yield return Refused(path, refusal);
                continue;
            }

            var sidecar = Path.ChangeExtension(path, ".txt");
            string? caption = null;
            if (File.Exists(sidecar))
            {
                if (Outside(sidecar, realFolder) is { } sidecarRefusal)
                {
                    yield return Refused(path, $"caption {sidecarRefusal}");
                    continue;
                }

                caption = await File.ReadAllTextAsync(sidecar, cancellationToken).ConfigureAwait(false);
            }

            yield return new InputRecord
            {
                Leading = [caption, path],
                ReadLocal = async ct =>
                {
                    // Checked again when read: the link may have been changed since the folder was listed.
                    return Outside(path, realFolder) is { } late
                        ? new LocalPayload(null, null, RowOutcome.Failed(RowStatus.FailedToDownload, late))
                        : new LocalPayload(await File.ReadAllBytesAsync(path, ct).ConfigureAwait(false), null, null);
                },
            };
        }
    }

    /// <summary>Lists the paths of the folder's image files and refused links, in input order, without following symlinked folders.</summary>
    /// <param name="folder">The input folder.</param>
    /// <param name="ct">Cancels the listing.</param>
    /// <returns>The paths.</returns>
    internal static IReadOnlyList<string> ListPaths(string folder, CancellationToken ct = default)
    {
        var full = Path.GetFullPath(folder);
        return [.. List(full, RealPath.Resolve(full) ?? full, ct).Select(e => e.Path).Order(StringComparer.Ordinal)];
    }

    /// <summary>Lists image files (and refused links) without following symlinked folders.</summary>
    private static List<(string Path, string? Refusal)> List(string folder, string realFolder, CancellationToken ct)
    {
        var found = new List<(string, string?)>();
        var pending = new Stack<string>([folder]);
        while (pending.TryPop(out var directory))
        {
            ct.ThrowIfCancellationRequested();
            IEnumerable<FileSystemInfo> entries;
            try
            {
                entries = [.. new DirectoryInfo(directory).EnumerateFileSystemInfos()];
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                found.Add((directory, $"cannot list folder: {ex.Message}"));
                continue;
            }

            foreach (var entry in entries)
            {
                if (entry.LinkTarget is { } target)
                {
                    var real = RealPath.Resolve(entry.FullName);
                    if (real is not null && Directory.Exists(real))
                    {
                        if (!RealPath.IsInside(real, realFolder))
                        {
                            found.Add((entry.FullName, $"symlinked folder {entry.FullName} resolves to {real}, outside the input folder; not followed"));
                        }
                    }
                    else if (InputFiles.IsImageFile(entry.FullName))
                    {
                        found.Add((entry.FullName, real is null ? $"broken symlink {entry.FullName} -> {target}" : Outside(entry.FullName, realFolder)));
                    }
                }
                else if (entry is DirectoryInfo)
                {
                    pending.Push(entry.FullName);
                }
                else if (InputFiles.IsImageFile(entry.FullName))
                {
                    found.Add((entry.FullName, null));
                }
            }
        }

        return found;
    }

    /// <summary>Returns why <paramref name="path"/> must not be read (it resolves outside the folder or nowhere), or null.</summary>
    private static string? Outside(string path, string realFolder) => RealPath.Resolve(path) switch
    {
        null => $"{path} is a broken or looping symlink",
        var real when !RealPath.IsInside(real, realFolder) => $"{path} resolves to {real}, outside the input folder; not read",
        _ => null,
    };

    private static InputRecord Refused(string path, string reason) => new()
    {
        Leading = [null, path],
        Preset = RowOutcome.Failed(RowStatus.FailedToDownload, reason),
    };
}
