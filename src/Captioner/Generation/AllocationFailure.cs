using Microsoft.ML.OnnxRuntime;

namespace DataForge.Captioner.Generation;

/// <summary>Recognises the errors that mean "this batch does not fit", which a smaller batch can fix.</summary>
internal static class AllocationFailure
{
    private static readonly string[] Markers =
    [
        "Failed to allocate memory", "out of memory", "cudaErrorMemoryAllocation", "CUBLAS_STATUS_ALLOC_FAILED",
        "bad_alloc", "BFCArena",
    ];

    public static bool IsAllocationFailure(Exception exception) => exception switch
    {
        OutOfMemoryException => true,
        OnnxRuntimeException ort => Markers.Any(m => ort.Message.Contains(m, StringComparison.OrdinalIgnoreCase)),
        _ => false,
    };
}
