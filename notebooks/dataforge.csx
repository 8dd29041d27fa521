// Shared setup of the DataForge notebooks (#load-ed by each one's second cell): references the DataForge libraries from
// the Release build (run `dotnet build DataForge.sln -c Release` from the repository root first) and defines the
// small display helpers the notebooks use.
#nullable enable
#r "../src/Cli/bin/Release/net10.0/SkiaSharp.dll"
#r "../src/Cli/bin/Release/net10.0/ScottPlot.dll"
#r "../src/Cli/bin/Release/net10.0/Parquet.dll"
#r "../src/Cli/bin/Release/net10.0/DataForge.Core.dll"
#r "../src/Cli/bin/Release/net10.0/DataForge.NounStats.dll"
#r "../src/Cli/bin/Release/net10.0/DataForge.Trainer.dll"

using System.IO;
using System.Runtime.InteropServices;
using Microsoft.DotNet.Interactive;

// ScottPlot and DataForge draw with SkiaSharp, whose native library lives in the build output's runtimes/ folder.
// Assemblies referenced by path do not get the host's native-library probing, so SkiaSharp is pointed at it. The
// build output has SkiaSharp 4 while ScottPlot was compiled against an older SkiaSharp, so the kernel can load more
// than one SkiaSharp assembly instance: every instance gets the resolver, the ones loaded later too.
var dataforgeBin = Path.GetFullPath(Path.Combine("..", "src", "Cli", "bin", "Release", "net10.0"));
var skiaNative = Path.Combine(dataforgeBin, "runtimes", RuntimeInformation.ProcessArchitecture == Architecture.Arm64 ? "linux-arm64" : "linux-x64", "native", "libSkiaSharp.so");
static void PointSkiaAtBuildOutput(System.Reflection.Assembly assembly, string native)
{
    if (assembly.GetName().Name != "SkiaSharp")
    {
        return;
    }

    try
    {
        NativeLibrary.SetDllImportResolver(assembly, (name, _, _) => name.Contains("SkiaSharp", StringComparison.Ordinal) ? NativeLibrary.Load(native) : IntPtr.Zero);
    }
    catch (InvalidOperationException)
    {
        // Already set by an earlier run of this cell.
    }
}

AppDomain.CurrentDomain.AssemblyLoad += (_, e) => PointSkiaAtBuildOutput(e.LoadedAssembly, skiaNative);
PointSkiaAtBuildOutput(typeof(SkiaSharp.SKImage).Assembly, skiaNative);
foreach (var loaded in AppDomain.CurrentDomain.GetAssemblies())
{
    PointSkiaAtBuildOutput(loaded, skiaNative);
}

// SkiaSharp's self-contained native library has no system fonts: without a registered font file, plots made here
// (not through a DataForge stage, which registers one itself) would draw every title and label invisibly.
if (!DataForge.Core.Imaging.SkiaFonts.HasDefaultFont && DataForge.Core.Imaging.SkiaFonts.FindSansFontFile() is { } sansFont)
{
    ScottPlot.Fonts.AddFontFile("DataForge Sans", sansFont, bold: false, italic: false);
    ScottPlot.Fonts.AddFontFile("DataForge Sans", sansFont, bold: true, italic: false);
    ScottPlot.Fonts.Default = "DataForge Sans";
    ScottPlot.Fonts.Sans = "DataForge Sans";
}

/// Shows a ScottPlot plot as a figure: a real image/png output, so it renders in Jupyter, VS Code and on GitHub.
static void ShowPlot(ScottPlot.Plot plot, int width = 900, int height = 560) =>
    Convert.ToBase64String(plot.GetImageBytes(width, height, ScottPlot.ImageFormat.Png)).DisplayAs("image/png");

/// Shows a PNG file (a sample grid, a plot a stage wrote) as a figure.
static void ShowPng(string path) => Convert.ToBase64String(File.ReadAllBytes(path)).DisplayAs("image/png");

/// Shows HTML (tables, captions with marked nouns, thumbnails).
static void ShowHtml(string html) => html.DisplayAs("text/html");

/// HTML-escapes text.
static string Esc(string? text) => System.Net.WebUtility.HtmlEncode(text ?? "");
