using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace DataForge.NounStats.Inputs;

/// <summary>
/// Fingerprints of what was counted. A unit's fingerprint is a SHA-256 of exactly the captions it counted (in row
/// order, nulls marked) and of how many rows it left out, so any edit of the input that changes a count changes it,
/// while a copy of the same data elsewhere (another folder, a cluster's array tasks) keeps it. The captions are read
/// on every run anyway, so the hash costs little next to tagging and needs no trust in sizes or modification times.
/// </summary>
public static class InputFingerprint
{
    /// <summary>Computes the fingerprint of one unit.</summary>
    /// <param name="captions">The counted captions, in row order.</param>
    /// <param name="leftOutRows">Rows read but left out for their status.</param>
    /// <returns>Lower-case hex SHA-256.</returns>
    public static string OfCaptions(IReadOnlyList<string?> captions, long leftOutRows)
    {
        ArgumentNullException.ThrowIfNull(captions);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> number = stackalloc byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(number, captions.Count);
        hash.AppendData(number);
        BinaryPrimitives.WriteInt64LittleEndian(number, leftOutRows);
        hash.AppendData(number);
        foreach (var caption in captions)
        {
            // A length prefix keeps ["ab", "c"] apart from ["a", "bc"]; -1 marks null, apart from "".
            var bytes = caption is null ? [] : Encoding.UTF8.GetBytes(caption);
            BinaryPrimitives.WriteInt64LittleEndian(number, caption is null ? -1 : bytes.Length);
            hash.AppendData(number);
            hash.AppendData(bytes);
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
