using System.Text.Json;
using DataForge.Core.Errors;

namespace DataForge.Core.Shards;

/// <summary>
/// A folder of shards written by one stage: <c>NNNNN.parquet</c> data files and <c>NNNNN_stats.json</c>
/// done-markers. A shard is done exactly when its marker and its data file both exist; a data file without a marker
/// is an interrupted shard, and a marker without its data file (a deleted or lost file) is not done either: both are
/// redone. Writers claim a shard with <see cref="ShardLock"/> before changing its files.
/// </summary>
public sealed class ShardSet
{
    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true };

    /// <summary>Creates a view over <paramref name="directory"/> (not created until written to).</summary>
    /// <param name="directory">The folder.</param>
    /// <param name="shardDigits">Digits of shard ids in file names.</param>
    public ShardSet(string directory, int shardDigits = ShardNaming.DefaultShardDigits)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        Directory = Path.GetFullPath(directory);
        ShardDigits = shardDigits;
    }

    /// <summary>Gets the folder's absolute path.</summary>
    public string Directory { get; }

    /// <summary>Gets the digits of shard ids.</summary>
    public int ShardDigits { get; }

    /// <summary>Gets the data file path of a shard.</summary>
    /// <param name="shardId">Shard id.</param>
    /// <returns>The path.</returns>
    public string DataPath(int shardId) => Path.Combine(Directory, ShardNaming.DataFileName(shardId, ShardDigits));

    /// <summary>Gets the done-marker path of a shard.</summary>
    /// <param name="shardId">Shard id.</param>
    /// <returns>The path.</returns>
    public string StatsPath(int shardId) => Path.Combine(Directory, ShardNaming.StatsFileName(shardId, ShardDigits));

    /// <summary>Returns whether a shard is done: its marker and its data file both exist.</summary>
    /// <param name="shardId">Shard id.</param>
    /// <returns><see langword="true"/> when done.</returns>
    public bool IsDone(int shardId) => File.Exists(StatsPath(shardId)) && File.Exists(DataPath(shardId));

    /// <summary>Claims a shard for writing (see <see cref="ShardLock"/>).</summary>
    /// <param name="shardId">Shard id.</param>
    /// <returns>The claim, or <see langword="null"/> when another live process holds it.</returns>
    public ShardLock? TryLock(int shardId) => ShardLock.TryAcquire(this, shardId);

    /// <summary>Lists the ids of all data files, done or not, in ascending order.</summary>
    /// <returns>The ids.</returns>
    public IReadOnlyList<int> ListDataShards()
    {
        if (!System.IO.Directory.Exists(Directory))
        {
            return [];
        }

        var ids = new List<int>();
        foreach (var path in System.IO.Directory.EnumerateFiles(Directory, "*" + ShardNaming.ParquetExtension))
        {
            if (ShardNaming.TryParseDataFileName(path, out var id))
            {
                ids.Add(id);
            }
        }

        ids.Sort();
        return ids;
    }

    /// <summary>Lists the ids of all done-markers, with or without their data file, in ascending order.</summary>
    /// <returns>The ids.</returns>
    public IReadOnlyList<int> ListMarkedShards()
    {
        if (!System.IO.Directory.Exists(Directory))
        {
            return [];
        }

        var ids = new List<int>();
        foreach (var path in System.IO.Directory.EnumerateFiles(Directory, "*" + ShardNaming.StatsSuffix))
        {
            var stem = Path.GetFileName(path)[..^ShardNaming.StatsSuffix.Length];
            if (stem.Length > 0 && stem.All(char.IsAsciiDigit) && int.TryParse(stem, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id))
            {
                ids.Add(id);
            }
        }

        ids.Sort();
        return ids;
    }

    /// <summary>Lists the ids of done shards (data file and marker both present), ascending.</summary>
    /// <returns>The ids.</returns>
    public IReadOnlyList<int> ListDoneShards() => ListDataShards().Where(IsDone).ToList();

    /// <summary>Writes a shard's done-marker atomically. Call it only after the data file is committed.</summary>
    /// <param name="shardId">Shard id.</param>
    /// <param name="stats">The stats; <see cref="ShardStats.Shard"/> and <see cref="ShardStats.Bytes"/> are filled in.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when the marker is in place.</returns>
    public async Task MarkDoneAsync(int shardId, ShardStats stats, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stats);
        stats.Shard = ShardNaming.Stem(shardId, ShardDigits);
        var data = DataPath(shardId);
        if (!File.Exists(data))
        {
            throw new ShardFormatException(data, null, "cannot mark a shard done before its data file exists");
        }

        stats.Bytes = new FileInfo(data).Length;
        var json = JsonSerializer.SerializeToUtf8Bytes(stats, JsonOptions);
        await AtomicFile.WriteAllBytesAsync(StatsPath(shardId), json, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reads a shard's done-marker.</summary>
    /// <param name="shardId">Shard id.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The stats, or <see langword="null"/> when the shard is not done.</returns>
    public async Task<ShardStats?> ReadStatsAsync(int shardId, CancellationToken cancellationToken = default)
    {
        var path = StatsPath(shardId);
        if (!File.Exists(path))
        {
            return null;
        }

        await using var stream = File.OpenRead(path);
        try
        {
            return await JsonSerializer.DeserializeAsync<ShardStats>(stream, JsonOptions, cancellationToken).ConfigureAwait(false)
                ?? throw new ShardFormatException(path, null, "empty stats file");
        }
        catch (JsonException ex)
        {
            throw new ShardFormatException(path, null, "invalid stats JSON: " + ex.Message, ex);
        }
    }

    /// <summary>
    /// Forgets an interrupted shard so it can be redone without duplicates: removes a data file that has no marker, a
    /// marker that has no data file, and the shard's temporaries that no live writer holds. Call it while holding the
    /// shard's <see cref="ShardLock"/>.
    /// </summary>
    /// <param name="shardId">Shard id.</param>
    public void ResetUnfinished(int shardId)
    {
        if (IsDone(shardId) || !System.IO.Directory.Exists(Directory))
        {
            return;
        }

        // Marker first, as in Delete: a crash in between must never leave a marker that vouches for the wrong data.
        File.Delete(StatsPath(shardId));
        File.Delete(DataPath(shardId));
        DeleteTemporaries(shardId);
    }

    /// <summary>
    /// Removes the shard's temporaries (data and marker) that no live writer holds, whatever their age. Call it while
    /// holding the shard's <see cref="ShardLock"/>, which excludes every legitimate writer of these names.
    /// </summary>
    /// <param name="shardId">Shard id.</param>
    /// <returns>How many files were removed.</returns>
    public int DeleteTemporaries(int shardId)
    {
        if (!System.IO.Directory.Exists(Directory))
        {
            return 0;
        }

        var removed = 0;
        var pattern = ShardNaming.Stem(shardId, ShardDigits) + "*" + ShardNaming.TemporaryMarker + "*";
        foreach (var path in System.IO.Directory.EnumerateFiles(Directory, pattern))
        {
            if (TryParseTemporaryOwner(Path.GetFileName(path), out var owner) && owner == shardId && AtomicFile.TryDeleteUnheld(path))
            {
                removed++;
            }
        }

        return removed;
    }

    /// <summary>Lists, in one pass over the folder, the shards that have temporaries (data or marker) lying beside them.</summary>
    /// <returns>The shard ids.</returns>
    public IReadOnlySet<int> ListShardsWithTemporaries()
    {
        var ids = new HashSet<int>();
        if (System.IO.Directory.Exists(Directory))
        {
            foreach (var path in System.IO.Directory.EnumerateFiles(Directory, "*" + ShardNaming.TemporaryMarker + "*"))
            {
                if (TryParseTemporaryOwner(Path.GetFileName(path), out var id))
                {
                    ids.Add(id);
                }
            }
        }

        return ids;
    }

    /// <summary>Removes the shard's marker and data file (for overwrite mode).</summary>
    /// <param name="shardId">Shard id.</param>
    public void Delete(int shardId)
    {
        // Overwrite into a folder that does not exist yet has nothing to remove (File.Delete would throw there).
        if (!System.IO.Directory.Exists(Directory))
        {
            return;
        }

        // Marker first: a crash between the two deletes must leave the shard "not done", never "done" without data.
        File.Delete(StatsPath(shardId));
        File.Delete(DataPath(shardId));
    }

    // "00042.parquet.tmp-…" and "00042_stats.json.tmp-…" belong to shard 42; the separator after the digits keeps
    // shard 10000's files apart from shard 100000's.
    private static bool TryParseTemporaryOwner(string name, out int shardId)
    {
        var digits = 0;
        while (digits < name.Length && char.IsAsciiDigit(name[digits]))
        {
            digits++;
        }

        shardId = -1;
        return digits > 0 && digits < name.Length && name[digits] is '.' or '_'
            && int.TryParse(name.AsSpan(0, digits), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out shardId);
    }
}
