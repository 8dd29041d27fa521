using System.Runtime.InteropServices;

namespace DataForge.Core.Native;

/// <summary>
/// Preloads <c>libdataforge_glibcxx_shim.so</c>, which the build leaves next to <c>libLibTorchSharp.so</c> on hosts
/// whose libstdc++ lacks <c>std::ios_base_library_init()</c> (see <c>build/TorchSharpNativeFix.targets</c>). It is
/// opened with <c>RTLD_GLOBAL</c> so the symbol is visible when TorchSharp loads its library; every project that
/// uses TorchSharp calls this once before its first torch call. Lives in Core (without a TorchSharp reference) so
/// the stages that train do not reference each other.
/// </summary>
public static class GlibcxxShim
{
    /// <summary>File name of the shim built on hosts that need it.</summary>
    public const string FileName = "libdataforge_glibcxx_shim.so";

    private const int RtldNow = 0x2;
    private const int RtldGlobal = 0x100;
    private static readonly Lazy<string?> Load = new(LoadShim, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Loads the shim if the host needed one (once per process).</summary>
    /// <returns>The loaded shim's path, or <see langword="null"/> when the host needed none.</returns>
    public static string? Preload() => Load.Value;

    private static string? LoadShim()
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        var candidates = new[]
        {
            Path.Combine(AppContext.BaseDirectory, FileName),
            Path.Combine(AppContext.BaseDirectory, "runtimes", RuntimeInformation.RuntimeIdentifier, "native", FileName),
            Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", FileName),
        };
        var shim = candidates.FirstOrDefault(File.Exists);
        if (shim is null)
        {
            return null;
        }

        return dlopen(shim, RtldNow | RtldGlobal) == IntPtr.Zero ? null : shim;
    }

    [DllImport("libc", EntryPoint = "dlopen", CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
    private static extern IntPtr dlopen(string fileName, int flags);
}
