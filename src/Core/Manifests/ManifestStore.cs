using System.Security.Cryptography;
using System.Text.Json;
using DataForge.Core.Errors;
using DataForge.Core.Shards;

namespace DataForge.Core.Manifests;

/// <summary>Reads, writes and verifies dataset manifests, and describes shard sets for them.</summary>
public static class ManifestStore
{
    /// <summary>Suffix of manifest files.</summary>
    public const string FileSuffix = ".manifest.json";

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>Gets the path a manifest is saved to in <paramref name="directory"/>.</summary>
    /// <param name="directory">The manifests folder (e.g. <c>data-manifests/</c>).</param>
    /// <param name="datasetName">The dataset name.</param>
    /// <returns>The file path.</returns>
    public static string PathFor(string directory, string datasetName) => Path.Combine(directory, datasetName + FileSuffix);

    /// <summary>Writes a manifest atomically to <c>&lt;directory&gt;/&lt;name&gt;.manifest.json</c>.</summary>
    /// <param name="manifest">The manifest; its name must be a safe file stem.</param>
    /// <param name="directory">The manifests folder, created if missing.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>The file path.</returns>
    public static async Task<string> SaveAsync(DatasetManifest manifest, string directory, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        if (string.IsNullOrWhiteSpace(manifest.Name) || manifest.Name.IndexOfAny([.. Path.GetInvalidFileNameChars(), ' ']) >= 0)
        {
            throw new OptionsValidationException("--dataset-name", $"'{manifest.Name}' is not usable as a file name");
        }

        Directory.CreateDirectory(directory);
        var path = PathFor(directory, manifest.Name);

        // Paths are stored relative to the manifest's folder so that a dataset copied as a whole (manifests and shards
        // together) describes, and verifies, the copy rather than the folder it was copied from.
        var (shardDirectory, parentPath) = (manifest.ShardDirectory, manifest.DerivedFrom?.Path);
        var folder = Path.GetFullPath(directory);
        try
        {
            manifest.ShardDirectory = RelativeTo(folder, shardDirectory);
            if (manifest.DerivedFrom is { } parent)
            {
                parent.Path = RelativeTo(folder, parent.Path);
            }

            var bytes = JsonSerializer.SerializeToUtf8Bytes(manifest, JsonOptions);
            await AtomicFile.WriteAllBytesAsync(path, bytes, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            manifest.ShardDirectory = shardDirectory;
            if (manifest.DerivedFrom is { } parent)
            {
                parent.Path = parentPath!;
            }
        }

        return path;
    }

    /// <summary>Gets the absolute shard folder of a manifest: <see cref="DatasetManifest.ShardDirectory"/> resolved against the manifest's folder.</summary>
    /// <param name="manifest">The manifest.</param>
    /// <param name="manifestPath">Where the manifest file is.</param>
    /// <returns>The absolute folder.</returns>
    public static string ShardDirectoryOf(DatasetManifest manifest, string manifestPath)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        return Path.GetFullPath(manifest.ShardDirectory, Path.GetDirectoryName(Path.GetFullPath(manifestPath))!);
    }

    /// <summary>Gets the absolute path of a manifest's parent: <see cref="ManifestReference.Path"/> resolved against the manifest's folder.</summary>
    /// <param name="manifest">The manifest.</param>
    /// <param name="manifestPath">Where the manifest file is.</param>
    /// <returns>The parent manifest's absolute path, or <see langword="null"/> for a root dataset.</returns>
    public static string? ParentPathOf(DatasetManifest manifest, string manifestPath)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        return manifest.DerivedFrom is { } parent
            ? Path.GetFullPath(parent.Path, Path.GetDirectoryName(Path.GetFullPath(manifestPath))!)
            : null;
    }

    private static string RelativeTo(string folder, string path) =>
        string.IsNullOrEmpty(path) || !Path.IsPathFullyQualified(path) ? path : Path.GetRelativePath(folder, path);

    /// <summary>Reads a manifest file.</summary>
    /// <param name="path">The manifest file.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The manifest.</returns>
    /// <exception cref="DataForgeException">The file is not a valid manifest.</exception>
    public static async Task<DatasetManifest> LoadAsync(string path, CancellationToken cancellationToken = default)
    {
        await using var stream = File.OpenRead(path);
        try
        {
            var manifest = await JsonSerializer.DeserializeAsync<DatasetManifest>(stream, JsonOptions, cancellationToken).ConfigureAwait(false)
                ?? throw new DataForgeException($"{path}: empty manifest");
            if (manifest.SchemaVersion > DatasetManifest.CurrentSchemaVersion)
            {
                throw new DataForgeException($"{path}: manifest schema_version {manifest.SchemaVersion} is newer than this DataForge understands ({DatasetManifest.CurrentSchemaVersion})");
            }

            return manifest;
        }
        catch (JsonException ex)
        {
            throw new DataForgeException($"{path}: invalid manifest JSON: {ex.Message}", ex);
        }
    }

    /// <summary>Finds the manifests in a folder whose shard folder is <paramref name="shardDirectory"/>.</summary>
    /// <param name="manifestDirectory">The manifests folder; a missing folder has none.</param>
    /// <param name="shardDirectory">The shard folder.</param>
    /// <param name="cancellationToken">Cancels reading.</param>
    /// <returns>The matching manifest files, in name order; files that are not valid manifests are passed over.</returns>
    public static async Task<IReadOnlyList<string>> FindByShardDirectoryAsync(string manifestDirectory, string shardDirectory, CancellationToken cancellationToken = default)
    {
        if (!Directory.Exists(manifestDirectory))
        {
            return [];
        }

        var wanted = Path.TrimEndingDirectorySeparator(Path.GetFullPath(shardDirectory));
        var found = new List<string>();
        foreach (var path in Directory.EnumerateFiles(manifestDirectory, "*" + FileSuffix).Order(StringComparer.Ordinal))
        {
            try
            {
                var manifest = await LoadAsync(path, cancellationToken).ConfigureAwait(false);
                if (Path.TrimEndingDirectorySeparator(ShardDirectoryOf(manifest, path)) == wanted)
                {
                    found.Add(Path.GetFullPath(path));
                }
            }
            catch (DataForgeException)
            {
                // Another tool's JSON, or a newer schema: not a parent this run can record.
            }
        }

        return found;
    }

    /// <summary>Creates a lineage reference to an existing manifest file.</summary>
    /// <param name="manifestPath">The parent manifest.</param>
    /// <param name="cancellationToken">Cancels hashing.</param>
    /// <returns>The reference.</returns>
    public static async Task<ManifestReference> ReferenceAsync(string manifestPath, CancellationToken cancellationToken = default)
    {
        var parent = await LoadAsync(manifestPath, cancellationToken).ConfigureAwait(false);
        return new ManifestReference
        {
            Name = parent.Name,
            Path = Path.GetFullPath(manifestPath),
            Sha256 = await Sha256HexAsync(manifestPath, cancellationToken).ConfigureAwait(false),
        };
    }

    /// <summary>Describes every done shard of a shard set: rows and successes from its marker, size and sha256 from its file.</summary>
    /// <param name="shards">The shard set.</param>
    /// <param name="cancellationToken">Cancels hashing.</param>
    /// <returns>One entry per done shard, in shard order.</returns>
    public static async Task<List<ManifestShard>> DescribeShardsAsync(ShardSet shards, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(shards);
        var result = new List<ManifestShard>();
        foreach (var id in shards.ListDoneShards())
        {
            var stats = await shards.ReadStatsAsync(id, cancellationToken).ConfigureAwait(false);
            var path = shards.DataPath(id);
            result.Add(new ManifestShard
            {
                Name = Path.GetFileName(path),
                Rows = stats!.Count,
                Successes = stats.Successes,
                Bytes = new FileInfo(path).Length,
                Sha256 = await Sha256HexAsync(path, cancellationToken).ConfigureAwait(false),
                Parameters = stats.Parameters is null ? null : new SortedDictionary<string, string?>(stats.Parameters, StringComparer.Ordinal),
            });
        }

        return result;
    }

    /// <summary>
    /// Checks every shard listed in a manifest against the files on disk, and reports finished shards in the folder
    /// that the manifest does not list.
    /// </summary>
    /// <param name="manifest">The manifest.</param>
    /// <param name="shardDirectory">Where the shards are.</param>
    /// <param name="cancellationToken">Cancels hashing.</param>
    /// <returns>One message per mismatch or extra shard; empty when the folder is exactly what the manifest describes.</returns>
    public static async Task<IReadOnlyList<string>> VerifyAsync(DatasetManifest manifest, string shardDirectory, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        var problems = new List<string>();
        foreach (var shard in manifest.Shards)
        {
            var path = Path.Combine(shardDirectory, shard.Name);
            if (!File.Exists(path))
            {
                problems.Add($"{shard.Name}: missing");
                continue;
            }

            var length = new FileInfo(path).Length;
            if (length != shard.Bytes)
            {
                problems.Add($"{shard.Name}: {length} bytes on disk, manifest says {shard.Bytes}");
            }
            else if (await Sha256HexAsync(path, cancellationToken).ConfigureAwait(false) != shard.Sha256)
            {
                problems.Add($"{shard.Name}: sha256 differs from the manifest");
            }
        }

        // A finished shard the manifest does not list is read by every later stage all the same, so rows nobody
        // vouched for would enter the dataset; unfinished files are ignored by readers and are not reported.
        var listed = manifest.Shards.Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
        var folder = new ShardSet(shardDirectory);
        foreach (var id in folder.ListDoneShards())
        {
            var name = Path.GetFileName(folder.DataPath(id));
            if (!listed.Contains(name))
            {
                problems.Add($"{name}: in the shard folder but not in the manifest");
            }
        }

        return problems;
    }

    /// <summary>Computes the lowercase hex sha256 of a file, streaming.</summary>
    /// <param name="path">The file.</param>
    /// <param name="cancellationToken">Cancels hashing.</param>
    /// <returns>The hex digest.</returns>
    public static async Task<string> Sha256HexAsync(string path, CancellationToken cancellationToken = default)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
        var hash = await SHA256.HashDataAsync(stream, cancellationToken).ConfigureAwait(false);
        return Convert.ToHexStringLower(hash);
    }
}
