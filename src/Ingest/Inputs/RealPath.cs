namespace DataForge.Ingest.Inputs;

/// <summary>
/// Resolves every symbolic link in a path, as <c>realpath(3)</c> does (a link's <c>..</c> applies to where the link
/// points, not to where it sits), so "is this file inside the folder" is asked of the file that would really be read.
/// </summary>
internal static class RealPath
{
    // Linux gives up after 40 links in one lookup (ELOOP); a cycle of links must end somewhere.
    private const int MaxLinks = 40;

    /// <summary>Returns the link-free absolute path, or null when a link is broken, links loop, or a part is missing.</summary>
    public static string? Resolve(string path)
    {
        var full = Path.GetFullPath(path);
        var root = Path.GetPathRoot(full) ?? "/";
        var pending = new Stack<string>(Split(full[root.Length..]).Reverse());
        var result = root;
        var links = 0;
        while (pending.TryPop(out var segment))
        {
            if (segment is "" or ".")
            {
                continue;
            }

            if (segment == "..")
            {
                result = Path.GetDirectoryName(result) ?? root;
                continue;
            }

            var next = Path.Combine(result, segment);
            var target = new FileInfo(next).LinkTarget;
            if (target is null)
            {
                if (!File.Exists(next) && !Directory.Exists(next))
                {
                    return null;
                }

                result = next;
                continue;
            }

            if (++links > MaxLinks)
            {
                return null;
            }

            if (Path.IsPathRooted(target))
            {
                result = Path.GetPathRoot(target) ?? root;
                target = target[result.Length..];
            }

            foreach (var part in Split(target).Reverse())
            {
                pending.Push(part);
            }
        }

        return result;
    }

    /// <summary>Returns whether <paramref name="realPath"/> is <paramref name="realFolder"/> or inside it (both already resolved).</summary>
    public static bool IsInside(string realPath, string realFolder)
    {
        var folder = Path.TrimEndingDirectorySeparator(realFolder);
        if (string.Equals(realPath, folder, StringComparison.Ordinal))
        {
            return true;
        }

        var prefix = folder.EndsWith(Path.DirectorySeparatorChar) ? folder : folder + Path.DirectorySeparatorChar;
        return realPath.StartsWith(prefix, StringComparison.Ordinal);
    }

    private static string[] Split(string path) => path.Split([Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar]);
}
