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
        return SkiaRuntime.TryLoad(out var error) ? RoundTrip(managed) : EnvironmentCheck.Failed(Component, $"{managed}: {error}");
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
        using var decoded = UntrustedImageDecoder.Decode(jpeg, ImageDecodeLimits.Default);
        if (decoded.Image is null || decoded.Header?.Format != "jpeg" || decoded.Image.Width != 16 || decoded.Image.Height != 8)
        {
            return EnvironmentCheck.Failed(Component, $"{managed}: JPEG round trip did not give back a 16x8 JPEG ({decoded.Error ?? "wrong format or size"})");
        }

        var pixel = decoded.Image.CopyRgb24().Data.AsSpan((((4 * 16) + 8) * 3), 3);
        if (Math.Abs(pixel[0] - 200) > 8 || pixel[1] > 40 || pixel[2] > 40)
        {
            return EnvironmentCheck.Failed(Component, $"{managed}: JPEG round trip decoded ({pixel[0]}, {pixel[1]}, {pixel[2]}) where (200, 30, 30) was encoded");
        }

        return EnvironmentCheck.Ok(Component, $"{managed}, native {native} from {LoadedLibraryPath() ?? "an unknown path"}; JPEG encode/decode ok");
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
