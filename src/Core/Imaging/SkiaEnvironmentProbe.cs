using System.Reflection;
using DataForge.Core.Diagnostics;
using SkiaSharp;

namespace DataForge.Core.Imaging;

/// <summary>
/// The <c>dataforge doctor</c> check for SkiaSharp, which every stage decodes and encodes images with: the managed
/// and native versions, the native library file that was really loaded, and a JPEG encoded and decoded through the
/// same code the stages use.
/// </summary>
public static class SkiaEnvironmentProbe
{
    /// <summary>The component name the check reports under.</summary>
    public const string Component = "SkiaSharp";

    /// <summary>Runs the check.</summary>
    /// <returns>Ok with the versions and library path, or Failed with the real reason.</returns>
    public static EnvironmentCheck Probe()
    {
        var managed = ManagedVersion();
        try
        {
            return RoundTrip(managed);
        }
        catch (Exception ex) when (ex is DllNotFoundException or TypeInitializationException or EntryPointNotFoundException or BadImageFormatException)
        {
            return EnvironmentCheck.Failed(Component, $"{managed}: the native library libSkiaSharp did not load ({LoadFailureReason(ex)}); it ships in the SkiaSharp.NativeAssets.Linux.NoDependencies package as runtimes/<rid>/native/libSkiaSharp.so beside dataforge.dll");
        }
    }

    private static EnvironmentCheck RoundTrip(string managed)
    {
        var native = SkiaSharpVersion.Native;
        if (!SkiaSharpVersion.CheckNativeLibraryCompatible(throwIfIncompatible: false))
        {
            return EnvironmentCheck.Failed(Component, $"{managed}: native libSkiaSharp {native} is not compatible (needs at least {SkiaSharpVersion.NativeMinimum})");
        }

        // A real JPEG round trip: 16x8 solid red, encoded and decoded as the stages do.
        var rgb = new byte[16 * 8 * 3];
        for (var i = 0; i < rgb.Length; i += 3)
        {
            rgb[i] = 200;
            (rgb[i + 1], rgb[i + 2]) = (30, 30);
        }

        var jpeg = Rgb24Encoder.EncodeJpeg(rgb, 16, 8, 90);
        using var codec = SKCodec.Create(new SKMemoryStream(jpeg));
        if (codec is null || codec.EncodedFormat != SKEncodedImageFormat.Jpeg || codec.Info.Width != 16 || codec.Info.Height != 8)
        {
            return EnvironmentCheck.Failed(Component, $"{managed}: JPEG round trip did not give back a 16x8 JPEG");
        }

        using var bitmap = SKBitmap.Decode(codec);
        var pixel = bitmap?.GetPixel(8, 4) ?? SKColors.Transparent;
        if (Math.Abs(pixel.Red - 200) > 8 || pixel.Green > 40 || pixel.Blue > 40)
        {
            return EnvironmentCheck.Failed(Component, $"{managed}: JPEG round trip decoded {pixel} where (200, 30, 30) was encoded");
        }

        return EnvironmentCheck.Ok(Component, $"{managed}, native {native} from {LoadedLibraryPath() ?? "an unknown path"}; JPEG encode/decode ok");
    }

    // A missing or broken libSkiaSharp surfaces from the first P/Invoke, possibly wrapped in a type initializer's
    // exception. .NET's message is a header plus one line per path it tried; the first path is the package's own copy,
    // so its line (e.g. "<path>: file too short") is the real reason and the rest are fallbacks.
    private static string LoadFailureReason(Exception ex)
    {
        var cause = ex;
        while (cause.InnerException is not null)
        {
            cause = cause.InnerException;
        }

        var lines = cause.Message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return lines.Length > 2 ? $"{lines[1]}; {lines.Length - 2} other paths tried" : string.Join(" ", lines);
    }

    private static string ManagedVersion()
    {
        var assembly = typeof(SKBitmap).Assembly;
        var version = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
            ?? assembly.GetName().Version?.ToString() ?? "unknown";
        return version.Split('+')[0];
    }

    // Which libSkiaSharp the loader picked (the package's copy, or one found on the system path), from the
    // process's own memory map; null where there is no /proc.
    private static string? LoadedLibraryPath()
    {
        const string maps = "/proc/self/maps";
        if (!File.Exists(maps))
        {
            return null;
        }

        foreach (var line in File.ReadLines(maps))
        {
            var slash = line.IndexOf('/', StringComparison.Ordinal);
            if (slash >= 0 && line.AsSpan(slash).EndsWith("libSkiaSharp.so", StringComparison.Ordinal))
            {
                return line[slash..];
            }
        }

        return null;
    }
}
