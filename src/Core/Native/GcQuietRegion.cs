using System.Runtime;

namespace DataForge.Core.Native;

/// <summary>
/// A stretch of code during which the garbage collector does not run, as far as the runtime allows. TorchSharp passes
/// temporary <c>Scalar</c> objects (made implicitly by <c>tensor / 2.0</c>, <c>a + b</c>'s alpha, and inside its own
/// optimizers) to libtorch by handle only; nothing roots them during the native call, so a collection in that window
/// can finalize one while libtorch reads it, which fails as "Expected false to be true" from <c>c10::Scalar</c> — seen
/// every few hundred training steps, and once in AdamW's own step. Training steps run inside this region so no
/// collection falls into such a call; it is a mitigation, not a guarantee: the region is process-wide, one at a time,
/// and ends early when the step (or another thread) allocates more than its budget.
/// </summary>
public sealed class GcQuietRegion : IDisposable
{
    /// <summary>The managed allocation budget of one region: far above what one training step allocates (tensor wrappers).</summary>
    public const long DefaultBudgetBytes = 64L * 1024 * 1024;

    private bool _started;

    private GcQuietRegion(bool started) => _started = started;

    /// <summary>Starts a region unless one is already running (another thread's, whose protection then covers this code too).</summary>
    /// <param name="budgetBytes">Managed bytes that may be allocated before the runtime ends the region.</param>
    /// <returns>The region; dispose it to end it.</returns>
    public static GcQuietRegion Enter(long budgetBytes = DefaultBudgetBytes)
    {
        if (GCSettings.LatencyMode == GCLatencyMode.NoGCRegion)
        {
            return new GcQuietRegion(false);
        }

        try
        {
            return new GcQuietRegion(GC.TryStartNoGCRegion(budgetBytes));
        }
        catch (InvalidOperationException)
        {
            // Another thread started one between the check and the call.
            return new GcQuietRegion(false);
        }
        catch (ArgumentOutOfRangeException)
        {
            // The budget exceeds what this GC configuration can reserve: run unprotected rather than fail the step.
            return new GcQuietRegion(false);
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        if (!_started)
        {
            return;
        }

        _started = false;
        if (GCSettings.LatencyMode != GCLatencyMode.NoGCRegion)
        {
            return; // The runtime already ended it (budget used up, or a collection was induced).
        }

        try
        {
            GC.EndNoGCRegion();
        }
        catch (InvalidOperationException)
        {
            // Ended by the runtime between the check and the call.
        }
    }
}
