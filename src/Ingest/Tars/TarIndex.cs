using System.Formats.Tar;

namespace DataForge.Ingest.Tars;

/// <summary>
/// The safe regular-file members of one tar, found by reading headers only (data is skipped, so indexing a
/// 10 GB SA-1B tar reads a few MB). Members whose path escapes the archive are listed as rejected; links,
/// devices, FIFOs and directories are ignored; a truncated archive keeps every member before the damage and
/// records what went wrong. Members larger than the size cap stay listed (their samples need them for their
/// failed row) but carry a <see cref="TarMember.SizeRefusal"/> and are never read.
/// </summary>
internal sealed class TarIndex
{
    private TarIndex(string path, List<TarMember> members, List<string> rejected, int ignored, string? truncation)
    {
        Path = path;
        Members = members;
        Rejected = rejected;
        IgnoredEntries = ignored;
        Truncation = truncation;
    }

    public string Path { get; }

    /// <summary>Gets the usable members in archive order.</summary>
    public IReadOnlyList<TarMember> Members { get; }

    /// <summary>Gets names of members refused because their path escapes the archive (<c>../</c>, absolute).</summary>
    public IReadOnlyList<string> Rejected { get; }

    /// <summary>Gets how many links, devices, FIFOs and directories were skipped.</summary>
    public int IgnoredEntries { get; }

    /// <summary>Gets why reading stopped early, or null when the archive was read to its end.</summary>
    public string? Truncation { get; }

    /// <summary>Reads the headers of a tar.</summary>
    /// <param name="path">The tar file.</param>
    /// <param name="maxMemberBytes">The size cap each member is read under.</param>
    /// <param name="cancellationToken">Stops the scan.</param>
    public static TarIndex Read(string path, long maxMemberBytes, CancellationToken cancellationToken)
    {
        var members = new List<TarMember>();
        var rejected = new List<string>();
        var ignored = 0;
        string? truncation = null;
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        var length = stream.Length;
        using var reader = new TarReader(stream, leaveOpen: true);
        try
        {
            while (reader.GetNextEntry(copyData: false) is { } entry)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile))
                {
                    ignored++;
                    continue;
                }

                if (CleanName(entry.Name) is not { } name)
                {
                    rejected.Add(entry.Name);
                    continue;
                }

                if (entry.DataOffset < 0 || entry.DataOffset + entry.Length > length)
                {
                    truncation = $"truncated tar: member {name} needs {entry.Length} bytes but the file ends after {Math.Max(0, length - entry.DataOffset)}";
                    break;
                }

                members.Add(new TarMember(name, entry.DataOffset, entry.Length, maxMemberBytes));
            }
        }
        catch (Exception ex) when (ex is EndOfStreamException or InvalidDataException or FormatException or ArgumentOutOfRangeException or IOException)
        {
            truncation = $"truncated or corrupt tar after {members.Count} members: {ex.Message}";
        }

        return new TarIndex(path, members, rejected, ignored, truncation);
    }

    /// <summary>Strips leading <c>./</c>; returns null for names that are absolute or climb out with <c>..</c>.</summary>
    internal static string? CleanName(string name)
    {
        var cleaned = name.Replace('\\', '/');
        while (cleaned.StartsWith("./", StringComparison.Ordinal))
        {
            cleaned = cleaned[2..];
        }

        if (cleaned.Length == 0 || cleaned[0] == '/' || (cleaned.Length > 1 && cleaned[1] == ':'))
        {
            return null;
        }

        var segments = cleaned.Split('/');
        return segments.Any(s => s == "..") ? null : cleaned;
    }
}
