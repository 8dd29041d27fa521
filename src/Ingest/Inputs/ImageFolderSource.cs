using System.Runtime.CompilerServices;
using DataForge.Core.Manifests;
using DataForge.Core.Shards;

namespace DataForge.Ingest.Inputs;

/// <summary>
/// A folder of images (sub-folders included, in ordinal path order); <c>photo.txt</c> beside <c>photo.jpg</c> is
/// its caption. <c>url</c> holds the file path.
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
        var files = Directory.EnumerateFiles(_folder, "*", SearchOption.AllDirectories)
            .Where(InputFiles.IsImageFile)
            .Order(StringComparer.Ordinal);
        foreach (var file in files)
        {
            var sidecar = Path.ChangeExtension(file, ".txt");
            var caption = File.Exists(sidecar) ? await File.ReadAllTextAsync(sidecar, cancellationToken).ConfigureAwait(false) : null;
            yield return new InputRecord
            {
                Leading = [caption, file],
                ReadLocal = async ct => new LocalPayload(await File.ReadAllBytesAsync(file, ct).ConfigureAwait(false), null, null),
            };
        }
    }
}
