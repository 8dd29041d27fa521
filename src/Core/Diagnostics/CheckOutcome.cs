namespace DataForge.Core.Diagnostics;

/// <summary>The outcome of one environment check.</summary>
public enum CheckOutcome
{
    /// <summary>Works.</summary>
    Ok,

    /// <summary>Unavailable, but optional (e.g. no CUDA on a CPU-only host): DataForge falls back.</summary>
    Unavailable,

    /// <summary>Broken and required: DataForge cannot run the stages that need it.</summary>
    Failed,
}
