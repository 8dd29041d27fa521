namespace DataForge.Core.Errors;

/// <summary>
/// Base of every error DataForge raises on purpose. Failed <em>items</em> (an image that does not decode, a
/// caption that loops) are recorded as row data instead; exceptions are reserved for conditions that stop a
/// whole unit of work (a shard that cannot be read, an invalid option, a missing native library).
/// </summary>
public class DataForgeException : Exception
{
    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What went wrong, phrased for the user.</param>
    public DataForgeException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the underlying cause.</summary>
    /// <param name="message">What went wrong, phrased for the user.</param>
    /// <param name="innerException">The underlying exception.</param>
    public DataForgeException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
