using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace DataForge.NounStats.Inputs;

/// <summary>
/// A cheap fingerprint of an input file: its full path, size, modification time and a SHA-256 of its first and last
/// 64 KiB. Any ordinary edit changes the size, the time or one of the ends (a Parquet footer is at the end); reading
/// only the ends keeps a rerun over terabytes of shards fast.
/// </summary>
public static class InputFingerprint
{
    private const int EndBytes = 64 * 1024;

    /// <summary>Computes the fingerprint of a file.</summary>
    /// <param name="path">The file.</param>
    /// <returns>Lower-case hex SHA-256 over path, size, time and both ends.</returns>
    public static string Of(string path)
    {
        var info = new FileInfo(path);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes(string.Create(
            CultureInfo.InvariantCulture, $"{Path.GetFullPath(path)}\n{info.Length}\n{info.LastWriteTimeUtc.Ticks}\n")));
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.None);
        var buffer = new byte[EndBytes];
        hash.AppendData(buffer, 0, stream.ReadAtLeast(buffer, EndBytes, throwOnEndOfStream: false));
        if (info.Length > EndBytes)
        {
            stream.Seek(Math.Max(EndBytes, info.Length - EndBytes), SeekOrigin.Begin);
            hash.AppendData(buffer, 0, stream.ReadAtLeast(buffer, EndBytes, throwOnEndOfStream: false));
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>Combines several fingerprints (e.g. every shard of a folder) into one, in the given order.</summary>
    /// <param name="parts">The fingerprints.</param>
    /// <returns>Lower-case hex SHA-256 of the parts.</returns>
    public static string Combine(IEnumerable<string> parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', parts))));
    }
}
