using DataForge.Core.Imaging;

namespace DataForge.Trainer.Training;

/// <summary>
/// Makes ScottPlot's labels visible where Skia has no system fonts (see <see cref="SkiaFonts"/>): registers a sans-serif
/// font file under one family name and makes it ScottPlot's default, once, before the first plot is created.
/// </summary>
internal static class PlotFonts
{
    private static readonly Lazy<bool> Registered = new(Register);

    /// <summary>Registers the font if Skia needs one; cheap after the first call.</summary>
    public static void Ensure() => _ = Registered.Value;

    private static bool Register()
    {
        if (SkiaFonts.HasDefaultFont || SkiaFonts.FindSansFontFile() is not { } file)
        {
            return false;
        }

        const string family = "DataForge Sans";
        ScottPlot.Fonts.AddFontFile(family, file, bold: false, italic: false);
        ScottPlot.Fonts.AddFontFile(family, file, bold: true, italic: false);
        ScottPlot.Fonts.Default = family;
        ScottPlot.Fonts.Sans = family;
        return true;
    }
}
