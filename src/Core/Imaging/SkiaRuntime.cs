using DataForge.Core.Errors;
using SkiaSharp;

namespace DataForge.Core.Imaging;

/// <summary>
/// Whether the native Skia library loads. The decoder turns any exception into a per-row failure, so without this
/// check a missing <c>libSkiaSharp.so</c> would fail every row of a run as "decode failed" (exit 1) instead of
/// stopping it as an environment problem (exit 3); stages that touch images call <see cref="EnsureLoaded"/> first.
/// </summary>
public static class SkiaRuntime
{
    private static readonly Lazy<Exception?> Load = new(TryTouchNative);

    /// <summary>Loads libSkiaSharp if needed; call before a stage's first image.</summary>
    /// <exception cref="EnvironmentUnavailableException">The native library could not be loaded.</exception>
    public static void EnsureLoaded()
    {
        if (Load.Value is { } error)
        {
            throw new EnvironmentUnavailableException("SkiaSharp", LoadFailureReason(error), error);
        }
    }

    /// <summary>Returns whether the native library loads, without throwing.</summary>
    /// <param name="error">The loader's reason when it does not, else <see langword="null"/>.</param>
    /// <returns><see langword="true"/> when loaded.</returns>
    public static bool TryLoad(out string? error)
    {
        error = Load.Value is { } ex ? LoadFailureReason(ex) : null;
        return error is null;
    }

    private static Exception? TryTouchNative()
    {
        try
        {
            // The first P/Invoke loads the library.
            _ = SkiaSharpVersion.Native;
            return null;
        }
        catch (Exception ex) when (ex is DllNotFoundException or TypeInitializationException or EntryPointNotFoundException or BadImageFormatException)
        {
            return ex;
        }
    }

    // .NET's message is a header plus one line per path it tried; the first path is the package's own copy, so its
    // line (e.g. "<path>: file too short") is the real reason and the rest are fallbacks.
    private static string LoadFailureReason(Exception ex)
    {
        var cause = ex;
        while (cause.InnerException is not null)
        {
            cause = cause.InnerException;
        }

        var lines = cause.Message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var reason = lines.Length > 2 ? $"{lines[1]}; {lines.Length - 2} other paths tried" : string.Join(" ", lines);
        return $"the native library libSkiaSharp did not load ({reason}); it ships in the SkiaSharp.NativeAssets.Linux.NoDependencies package as runtimes/<rid>/native/libSkiaSharp.so beside dataforge.dll";
    }
}
