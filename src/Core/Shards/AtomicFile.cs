using System.Globalization;

namespace DataForge.Core.Shards;

/// <summary>
/// Writes files so that a reader never sees a partial one: content goes to a temporary sibling
/// (<c>name.tmp-&lt;pid&gt;-&lt;random&gt;</c>), is flushed to disk, and is then renamed over the final name. A process
/// killed mid-write leaves only a temporary file, which no reader mistakes for output.
/// </summary>
/// <remarks>
/// A writer holds an exclusive advisory lock (<c>flock</c>, which .NET takes for <see cref="FileShare.None"/>) on its
/// temporary from creation until after the rename, and the kernel drops that lock when the process dies. So
/// <see cref="DeleteStaleTemporaries"/> can tell a file abandoned by a killed writer (lock free) from one another live
/// worker is still writing into the same folder (lock held), and only removes the former. The process id in the name
/// says whose file it is to a person reading the folder.
/// </remarks>
public static class AtomicFile
{
    /// <summary>Creates a temporary path next to <paramref name="finalPath"/>.</summary>
    /// <param name="finalPath">Where the file will end up.</param>
    /// <returns>A unique temporary path in the same directory (so the rename stays on one file system).</returns>
    public static string TemporaryPathFor(string finalPath) =>
        finalPath + ShardNaming.TemporaryMarker + Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + "-" + Guid.NewGuid().ToString("N")[..8];

    /// <summary>Opens a new temporary file for writing, holding its lock until the stream is disposed.</summary>
    /// <param name="temporaryPath">A path from <see cref="TemporaryPathFor"/>.</param>
    /// <returns>The stream; seekable, exclusive.</returns>
    public static FileStream CreateTemporary(string temporaryPath) =>
        new(temporaryPath, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16, useAsync: true);

    /// <summary>
    /// Flushes <paramref name="stream"/> (a temporary opened by <see cref="CreateTemporary"/>) to disk and renames it
    /// to <paramref name="finalPath"/> while still holding its lock, so no cleaner can remove it between the two.
    /// The caller disposes the stream afterwards.
    /// </summary>
    /// <param name="stream">The open temporary.</param>
    /// <param name="finalPath">The destination, replaced if it exists.</param>
    public static void CommitHeld(FileStream stream, string finalPath)
    {
        ArgumentNullException.ThrowIfNull(stream);
        stream.Flush(flushToDisk: true);
        File.Move(stream.Name, finalPath, overwrite: true);
    }

    /// <summary>Flushes a closed <paramref name="temporaryPath"/> to disk and renames it to <paramref name="finalPath"/>.</summary>
    /// <param name="temporaryPath">A fully written temporary file.</param>
    /// <param name="finalPath">The destination, replaced if it exists.</param>
    public static void Commit(string temporaryPath, string finalPath)
    {
        using var stream = new FileStream(temporaryPath, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
        CommitHeld(stream, finalPath);
    }

    /// <summary>Writes a file atomically through a callback that fills a stream.</summary>
    /// <param name="finalPath">Destination path.</param>
    /// <param name="write">Writes the content; the stream is seekable.</param>
    /// <param name="cancellationToken">Cancels the write; the temporary file is removed.</param>
    /// <returns>A task that completes once the file is in place.</returns>
    public static async Task WriteAsync(string finalPath, Func<Stream, CancellationToken, Task> write, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(write);
        var temporary = TemporaryPathFor(finalPath);
        var committed = false;
        try
        {
            await using var stream = CreateTemporary(temporary);
            await write(stream, cancellationToken).ConfigureAwait(false);
            await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
            CommitHeld(stream, finalPath);
            committed = true;
        }
        finally
        {
            if (!committed)
            {
                TryDelete(temporary);
            }
        }
    }

    /// <summary>Writes bytes atomically.</summary>
    /// <param name="finalPath">Destination path.</param>
    /// <param name="content">The bytes.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes once the file is in place.</returns>
    public static Task WriteAllBytesAsync(string finalPath, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default) =>
        WriteAsync(finalPath, (s, ct) => s.WriteAsync(content, ct).AsTask(), cancellationToken);

    /// <summary>
    /// Deletes temporary files in <paramref name="directory"/> that were abandoned by killed writers: only those no live
    /// writer holds, and only those not modified within <paramref name="minimumAge"/>.
    /// </summary>
    /// <param name="directory">The directory to clean.</param>
    /// <param name="prefix">Only temporaries whose name starts with this (e.g. one shard's stem); all when null.</param>
    /// <param name="minimumAge">
    /// Skips files modified more recently. A writer creates its file and takes the lock in two system calls, so a
    /// cleaner that does not otherwise know the file is dead should leave young files alone; zero when the caller holds
    /// a lock that excludes every other writer of these names (a shard lock).
    /// </param>
    /// <returns>How many files were removed.</returns>
    public static int DeleteStaleTemporaries(string directory, string? prefix = null, TimeSpan minimumAge = default)
    {
        if (!Directory.Exists(directory))
        {
            return 0;
        }

        var removed = 0;
        var now = DateTime.UtcNow;
        foreach (var path in Directory.EnumerateFiles(directory, (prefix ?? "") + "*" + ShardNaming.TemporaryMarker + "*"))
        {
            if (minimumAge > TimeSpan.Zero && now - File.GetLastWriteTimeUtc(path) < minimumAge)
            {
                continue;
            }

            if (TryDeleteUnheld(path))
            {
                removed++;
            }
        }

        return removed;
    }

    /// <summary>Deletes one temporary if no live writer holds it.</summary>
    /// <param name="path">The temporary.</param>
    /// <returns><see langword="true"/> when it was deleted.</returns>
    public static bool TryDeleteUnheld(string path)
    {
        try
        {
            // Taking the writer's lock proves the writer is gone; delete while holding it.
            using var probe = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.None);
            File.Delete(path);
            return true;
        }
        catch (FileNotFoundException)
        {
            return false; // committed or removed meanwhile
        }
        catch (IOException)
        {
            return false; // a live writer holds it
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Best effort: a leftover temporary is never mistaken for output and is cleaned by a later run.
        }
    }
}
