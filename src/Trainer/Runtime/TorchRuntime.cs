using DataForge.Core.Errors;
using DataForge.Core.Native;
using TorchSharp;

namespace DataForge.Trainer.Runtime;

/// <summary>
/// Loads TorchSharp's native backend once, deterministically, and turns a load failure into an
/// <see cref="EnvironmentUnavailableException"/> with TorchSharp's own explanation. On hosts with an old libstdc++
/// the build leaves <c>libdataforge_glibcxx_shim.so</c> next to <c>libLibTorchSharp.so</c>; it is opened with
/// <c>RTLD_GLOBAL</c> first so its <c>std::ios_base_library_init()</c> is visible to the library (see
/// <c>build/TorchSharpNativeFix.targets</c>).
/// </summary>
public static class TorchRuntime
{
    /// <summary>File name of the libstdc++ shim built on hosts that need it.</summary>
    public const string ShimFileName = GlibcxxShim.FileName;

    private static readonly Lazy<Exception?> BackendLoad = new(LoadBackend, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Gets the path of the preloaded shim, or <see langword="null"/> when the host needed none.</summary>
    public static string? ShimPath => GlibcxxShim.Preload();

    /// <summary>Gets the backend the build selected (<c>cpu</c>, or <c>cuda</c> with <c>-p:TorchBackend=cuda</c>).</summary>
    public static string BuildBackend =>
        typeof(TorchRuntime).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyMetadataAttribute), false)
            .Cast<System.Reflection.AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "TorchBackend")?.Value ?? "cpu";

    /// <summary>Loads the native backend if needed; call before the first TorchSharp use.</summary>
    /// <exception cref="EnvironmentUnavailableException">libtorch or LibTorchSharp could not be loaded.</exception>
    public static void EnsureLoaded()
    {
        if (BackendLoad.Value is { } error)
        {
            throw new EnvironmentUnavailableException("TorchSharp", FirstLines(error), error);
        }
    }

    /// <summary>Returns whether the backend loads, without throwing.</summary>
    /// <param name="error">The reason when it does not.</param>
    /// <returns><see langword="true"/> when loaded.</returns>
    public static bool TryLoad(out string? error)
    {
        error = BackendLoad.Value is { } ex ? FirstLines(ex) : null;
        return error is null;
    }

    private static Exception? LoadBackend()
    {
        _ = GlibcxxShim.Preload();
        try
        {
            // Touching a torch member runs TorchSharp's static initializer, which loads libtorch.
            _ = torch.get_num_threads();
            return null;
        }
        catch (Exception ex) when (ex is TypeInitializationException or NotSupportedException or DllNotFoundException)
        {
            return ex;
        }
    }

    private static string FirstLines(Exception ex)
    {
        var inner = ex;
        while (inner.InnerException is not null)
        {
            inner = inner.InnerException;
        }

        var lines = inner.Message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return string.Join(' ', lines.Take(2));
    }

}
