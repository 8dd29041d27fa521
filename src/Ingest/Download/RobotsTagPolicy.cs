namespace DataForge.Ingest.Download;

/// <summary>
/// img2dataset's <c>X-Robots-Tag</c> opt-out: each header value is <c>[token:] d1, d2, …</c>; a value applies when
/// it names no token or names ours (case-insensitive), and any listed directive in it refuses the image.
/// </summary>
internal static class RobotsTagPolicy
{
    /// <summary>img2dataset's error string, kept so existing status filters keep working.</summary>
    public const string DisallowedMessage = "Use of image disallowed by X-Robots-Tag directive";

    public static bool IsDisallowed(IEnumerable<string> headerValues, IReadOnlyCollection<string> disallowed, string? userAgentToken)
    {
        if (disallowed.Count == 0)
        {
            return false;
        }

        foreach (var value in headerValues)
        {
            var colon = value.IndexOf(':', StringComparison.Ordinal);
            var token = colon < 0 ? null : value[..colon].Trim();
            if (token is not null && !string.Equals(token, userAgentToken, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var directives = value[(colon + 1)..].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            if (directives.Any(d => disallowed.Contains(d, StringComparer.OrdinalIgnoreCase)))
            {
                return true;
            }
        }

        return false;
    }
}
