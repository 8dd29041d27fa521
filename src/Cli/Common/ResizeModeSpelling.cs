using System.CommandLine.Parsing;
using DataForge.Ingest;

namespace DataForge.Cli.Common;

/// <summary>
/// Reads <c>--resize-mode</c> in DataForge's spelling (<c>KeepRatio</c>) or img2dataset's (<c>keep_ratio</c>), so an
/// img2dataset command line translates directly.
/// </summary>
public static class ResizeModeSpelling
{
    /// <summary>Parses the option's token.</summary>
    /// <param name="result">The option's argument result.</param>
    /// <returns>The mode; on an unknown word, an error listing both spellings is added to <paramref name="result"/>.</returns>
    public static ImageResizeMode Parse(ArgumentResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var word = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
        if (TryParse(word, out var mode))
        {
            return mode;
        }

        result.AddError($"--resize-mode: '{word}' is not a resize mode; use {string.Join(", ", Enum.GetNames<ImageResizeMode>())} (or img2dataset's no, keep_ratio, keep_ratio_largest, center_crop, border)");
        return default;
    }

    /// <summary>Parses either spelling, ignoring case, underscores and hyphens.</summary>
    /// <param name="word">The word.</param>
    /// <param name="mode">The mode.</param>
    /// <returns>Whether the word names a mode.</returns>
    public static bool TryParse(string word, out ImageResizeMode mode)
    {
        ArgumentNullException.ThrowIfNull(word);
        var squashed = word.Replace("_", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
        foreach (var candidate in Enum.GetValues<ImageResizeMode>())
        {
            if (string.Equals(candidate.ToString(), squashed, StringComparison.OrdinalIgnoreCase))
            {
                mode = candidate;
                return true;
            }
        }

        mode = default;
        return false;
    }
}
