namespace DataForge.Captioner.Models;

/// <summary>Where the model runs.</summary>
public enum ExecutionProviderKind
{
    /// <summary>CUDA when a session can be created on it, else CPU with one log line giving the reason.</summary>
    Auto,

    /// <summary>The CPU provider.</summary>
    Cpu,

    /// <summary>The CUDA provider; failing to create it is an error.</summary>
    Cuda,
}
