namespace DataForge.Core.Shards;

/// <summary>
/// Writes files so that a reader never sees a partial one: content goes to a temporary sibling
/// (<c>name.tmp-&lt;random&gt;</c>), is flushed to disk, and is then renamed over the final name. A process killed
/// mid-write leaves only a temporary file, which no reader mistakes for output and which
/// <see cref="DeleteStaleTemporaries"/> removes on the next run.
/// </summary>
public static class AtomicFile
{
    /// <summary>Creates a temporary path next to <paramref name="finalPath"/>.</summary>
    /// <param name="finalPath">Where the file will end up.</param>
    /// <returns>A unique temporary path in the same directory (so the rename stays on one file system).</returns>
    public static string TemporaryPathFor(string finalPath) =>
        finalPath + ShardNaming.TemporaryMarker + Guid.NewGuid().ToString("N")[..12];

    /// <summary>Flushes <paramref name="temporaryPath"/> to disk and renames it to <paramref name="finalPath"/>.</summary>
    /// <param name="temporaryPath">A fully written temporary file.</param>
    /// <param name="finalPath">The destination, replaced if it exists.</param>
    public static void Commit(string temporaryPath, string finalPath)
    {
        using (var handle = File.OpenHandle(temporaryPath, FileMode.Open, FileAccess.ReadWrite))
        {
            RandomAccess.FlushToDisk(handle);
        }

        File.Move(temporaryPath, finalPath, overwrite: true);
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
        try
        {
            await using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16, useAsync: true))
            {
                await write(stream, cancellationToken).ConfigureAwait(false);
            }

            Commit(temporary, finalPath);
        }
        catch
        {
            TryDelete(temporary);
            throw;
        }
    }

    /// <summary>Writes bytes atomically.</summary>
    /// <param name="finalPath">Destination path.</param>
    /// <param name="content">The bytes.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes once the file is in place.</returns>
    public static Task WriteAllBytesAsync(string finalPath, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default) =>
        WriteAsync(finalPath, (s, ct) => s.WriteAsync(content, ct).AsTask(), cancellationToken);

    /// <summary>Deletes temporary files left in <paramref name="directory"/> by killed writers.</summary>
    /// <param name="directory">The directory to clean.</param>
    /// <returns>How many files were removed.</returns>
    public static int DeleteStaleTemporaries(string directory)
    {
        if (!Directory.Exists(directory))
        {
            return 0;
        }

        var removed = 0;
        foreach (var path in Directory.EnumerateFiles(directory, "*" + ShardNaming.TemporaryMarker + "*"))
        {
            if (TryDelete(path))
            {
                removed++;
            }
        }

        return removed;
    }

    private static bool TryDelete(string path)
    {
        try
        {
            File.Delete(path);
            return true;
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }
}
