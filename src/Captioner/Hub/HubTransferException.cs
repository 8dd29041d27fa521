using DataForge.Core.Errors;

namespace DataForge.Captioner.Hub;

/// <summary>A hub request or transfer failed; <see cref="Transient"/> says whether retrying can help.</summary>
public sealed class HubTransferException : DataForgeException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What failed, with the URL.</param>
    /// <param name="transient">Whether a retry may succeed (5xx, 429, dropped connection, checksum mismatch).</param>
    /// <param name="innerException">The underlying error.</param>
    public HubTransferException(string message, bool transient, Exception? innerException = null)
        : base(message, innerException)
    {
        Transient = transient;
    }

    /// <summary>Gets whether a retry may succeed.</summary>
    public bool Transient { get; }
}
