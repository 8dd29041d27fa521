using DataForge.Core.Errors;
using DataForge.Core.Native;
using TorchSharp;
using static TorchSharp.torch;

namespace DataForge.ShapeWorld.Captioning;

/// <summary>Loads TorchSharp's native backend (after the libstdc++ shim where the host needs one), failing as an environment problem.</summary>
public static class CaptionerTorch
{
    // TorchSharp's `a + b` is `a.add(b, 1)`: the implicit Scalar(1) is passed to libtorch by handle only, so nothing
    // roots it during the native call and a garbage collection (frequent here: the next batch renders on another
    // thread) can finalize it while libtorch reads it, which fails as "Expected false to be true" from
    // c10::Scalar::toFloat, a crash every few hundred steps. Static Scalars stay rooted for the process's life.
    private static readonly Scalar One = 1.ToScalar();
    private static readonly Scalar Masked = (-1e9f).ToScalar();

    /// <summary><paramref name="a"/> + <paramref name="b"/> without a temporary Scalar (see the field comment above).</summary>
    /// <param name="a">Left operand.</param>
    /// <param name="b">Right operand (broadcast).</param>
    /// <returns>The sum.</returns>
    internal static Tensor Sum(Tensor a, Tensor b) => a.add(b, One);

    /// <summary>Fills <paramref name="mask"/>ed places of <paramref name="x"/> with -1e9 (a rooted Scalar, as for <see cref="Sum"/>).</summary>
    /// <param name="x">Scores.</param>
    /// <param name="mask">Where to fill.</param>
    /// <returns>The filled tensor.</returns>
    internal static Tensor MaskOut(Tensor x, Tensor mask) => x.masked_fill(mask, Masked);

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
