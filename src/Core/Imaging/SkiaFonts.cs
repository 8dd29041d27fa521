using SkiaSharp;

namespace DataForge.Core.Imaging;

/// <summary>
/// Fonts for text drawn with Skia (plot titles, axes, legends). The native library of
/// SkiaSharp.NativeAssets.Linux.NoDependencies 4.x has no system font manager: its default typeface has no glyphs,
/// so every label would be drawn invisibly. Plotting code asks here for a font file to load explicitly instead.
/// </summary>
public static class SkiaFonts
{
    private static readonly string[] SansCandidates =
    [
        "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
        "/usr/share/fonts/dejavu/DejaVuSans.ttf",
        "/usr/share/fonts/TTF/DejaVuSans.ttf",
        "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
        "/usr/share/fonts/liberation-sans/LiberationSans-Regular.ttf",
    ];

    /// <summary>Gets whether Skia's default typeface can draw text (it has glyphs) on this host.</summary>
    public static bool HasDefaultFont => SKTypeface.Default.GlyphCount > 0;

    /// <summary>
    /// Finds a sans-serif TrueType file Skia can load: DejaVu Sans or Liberation Sans where Linux distributions install
    /// them, else the first <c>*Sans*.ttf</c> under <c>/usr/share/fonts</c>.
    /// </summary>
    /// <returns>The file, or <see langword="null"/> when the host has none.</returns>
    public static string? FindSansFontFile()
    {
        var known = SansCandidates.FirstOrDefault(File.Exists);
        if (known is not null || !Directory.Exists("/usr/share/fonts"))
        {
            return known;
        }

        return Directory.EnumerateFiles("/usr/share/fonts", "*Sans*.ttf", SearchOption.AllDirectories)
            .Where(f => !f.Contains("Mono", StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal)
            .FirstOrDefault();
    }
}
