namespace DataForge.Core.Errors;

/// <summary>
/// Something the host must provide is missing or broken: a native library, a GPU, disk space. The CLI maps it
/// to exit code 3 (environment), and <c>dataforge doctor</c> explains it.
/// </summary>
public sealed class EnvironmentUnavailableException : DataForgeException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="component">What is unavailable (e.g. <c>TorchSharp</c>, <c>CUDAExecutionProvider</c>).</param>
    /// <param name="message">Why, including the native reason where one is known.</param>
    /// <param name="innerException">The underlying error, if any.</param>
    public EnvironmentUnavailableException(string component, string message, Exception? innerException = null)
        : base($"{component}: {message}", innerException)
    {
        Component = component;
    }

    /// <summary>Gets the unavailable component.</summary>
    public string Component { get; }
}
