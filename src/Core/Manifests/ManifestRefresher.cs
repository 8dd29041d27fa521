using DataForge.Core.Errors;
using DataForge.Core.Shards;

namespace DataForge.Core.Manifests;

/// <summary>
/// Brings manifests up to date with their shard folders. Workers of a job array each write their stage's manifest
/// when they finish, so each describes the shards done at that moment; the pipeline's final reduce step refreshes
/// them once every worker is done, parents before children, and re-points every <c>derived_from</c> at the
/// refreshed parent so lineage hashes stay true.
/// </summary>
public static class ManifestRefresher
{
    /// <summary>Refreshes every manifest in a folder.</summary>
    /// <param name="directory">The manifests folder.</param>
    /// <param name="cancellationToken">Cancels hashing.</param>
    /// <returns>The refreshed files, in the order they were written (parents first).</returns>
    /// <exception cref="DataForgeException">The folder is missing, or its manifests derive from each other in a cycle.</exception>
    public static async Task<IReadOnlyList<string>> RefreshDirectoryAsync(string directory, CancellationToken cancellationToken = default)
    {
        if (!Directory.Exists(directory))
        {
            throw new DataForgeException($"manifest folder '{directory}' does not exist");
        }

        var pending = new Dictionary<string, DatasetManifest>(StringComparer.Ordinal);
        foreach (var path in Directory.EnumerateFiles(directory, "*" + ManifestStore.FileSuffix).Order(StringComparer.Ordinal))
        {
            pending[Path.GetFullPath(path)] = await ManifestStore.LoadAsync(path, cancellationToken).ConfigureAwait(false);
        }

        var written = new List<string>();
        while (pending.Count > 0)
        {
            // A manifest is ready once its parent is not waiting to be refreshed itself.
            var ready = pending.Where(p => ManifestStore.ParentPathOf(p.Value, p.Key) is not { } parent || !pending.ContainsKey(parent)).ToList();
            if (ready.Count == 0)
            {
                throw new DataForgeException($"manifests in '{directory}' derive from each other in a cycle: {string.Join(", ", pending.Keys.Select(Path.GetFileName))}");
            }

            foreach (var (path, manifest) in ready)
            {
                written.Add(await RefreshAsync(path, manifest, cancellationToken).ConfigureAwait(false));
                pending.Remove(path);
            }
        }

        return written;
    }

    /// <summary>Refreshes one manifest file: its shard list from the shard folder, and its parent's hash.</summary>
    /// <param name="path">The manifest file.</param>
    /// <param name="cancellationToken">Cancels hashing.</param>
    /// <returns>The file written (the same path).</returns>
    public static async Task<string> RefreshAsync(string path, CancellationToken cancellationToken = default) =>
        await RefreshAsync(Path.GetFullPath(path), await ManifestStore.LoadAsync(path, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);

    private static async Task<string> RefreshAsync(string path, DatasetManifest manifest, CancellationToken cancellationToken)
    {
        var directory = Path.GetDirectoryName(path)!;
        if (ManifestStore.PathFor(directory, manifest.Name) != path)
        {
            throw new DataForgeException($"{path}: the file name does not match the manifest name '{manifest.Name}', so it cannot be rewritten in place");
        }

        var shards = new ShardSet(ManifestStore.ShardDirectoryOf(manifest, path));
        manifest.Shards = await ManifestStore.DescribeShardsAsync(shards, cancellationToken).ConfigureAwait(false);
        if (manifest.Stages.Count > 0)
        {
            // The shards were written by the last stage; each records what it was made with.
            ShardParameterReconciler.Reconcile(manifest.Stages[^1], manifest.Shards);
        }

        if (manifest.DerivedFrom is { } parent && ManifestStore.ParentPathOf(manifest, path) is { } parentPath && File.Exists(parentPath))
        {
            parent.Path = parentPath;
            parent.Sha256 = await ManifestStore.Sha256HexAsync(parentPath, cancellationToken).ConfigureAwait(false);
        }

        return await ManifestStore.SaveAsync(manifest, directory, cancellationToken).ConfigureAwait(false);
    }
}
