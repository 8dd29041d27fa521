using DataForge.Core.Errors;
using DataForge.Core.Native;
using TorchSharp;

namespace DataForge.ShapeWorld.Captioning;

/// <summary>Loads TorchSharp's native backend (after the libstdc++ shim where the host needs one), failing as an environment problem.</summary>
public static class CaptionerTorch
{
    /// <summary>Loads the backend if needed.</summary>
    /// <exception cref="EnvironmentUnavailableException">libtorch or LibTorchSharp could not be loaded.</exception>
    public static void EnsureLoaded()
    {
        _ = GlibcxxShim.Preload();
        try
        {
            _ = torch.get_num_threads();
        }
        catch (Exception ex) when (ex is TypeInitializationException or NotSupportedException or DllNotFoundException)
        {
            throw new EnvironmentUnavailableException("TorchSharp", (ex.InnerException ?? ex).Message.Split('\n')[0], ex);
        }
    }
}
