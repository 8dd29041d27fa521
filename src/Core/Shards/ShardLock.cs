namespace DataForge.Core.Shards;

/// <summary>
/// An exclusive claim on one shard of a folder, held by one live process: only the holder may write, reset or delete
/// that shard's files. Workers that share an output folder (Slurm arrays, Kubernetes indexed jobs, reruns started
/// while an old run still writes) take it before touching a shard, so two writers never race on the same names and
/// no worker deletes another's file in flight.
/// </summary>
/// <remarks>
/// The claim is an advisory <c>flock</c> on <c>.locks/NNNNN.lock</c> inside the folder (what .NET takes for
/// <see cref="FileShare.None"/> on Unix). The kernel releases it when the process exits or is killed, so a crashed
/// worker never leaves a shard claimed. Lock files are never deleted: unlinking a lock file while another process
/// waits on it would let two holders exist. Shared file systems must support <c>flock</c> across nodes (NFSv4,
/// Lustre with <c>-o flock</c>, GPFS do).
/// </remarks>
public sealed class ShardLock : IDisposable
{
    /// <summary>Name of the folder, inside a shard folder, that holds the lock files.</summary>
    public const string DirectoryName = ".locks";

    private readonly FileStream _handle;

    private ShardLock(FileStream handle, int shardId)
    {
        _handle = handle;
        ShardId = shardId;
    }

    /// <summary>Gets the claimed shard's id.</summary>
    public int ShardId { get; }

    /// <summary>Claims a shard if no other live process holds it.</summary>
    /// <param name="shards">The shard folder.</param>
    /// <param name="shardId">The shard.</param>
    /// <returns>The claim, or <see langword="null"/> when another process holds it.</returns>
    public static ShardLock? TryAcquire(ShardSet shards, int shardId)
    {
        ArgumentNullException.ThrowIfNull(shards);
        var folder = Path.Combine(shards.Directory, DirectoryName);
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, ShardNaming.Stem(shardId, shards.ShardDigits) + ".lock");
        try
        {
            return new ShardLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.None), shardId);
        }
        catch (IOException) when (File.Exists(path))
        {
            return null;
        }
    }

    /// <summary>Releases the claim.</summary>
    public void Dispose() => _handle.Dispose();
}
