namespace DataForge.Core.Errors;

/// <summary>
/// A file the run depends on exists but cannot be used: truncated or corrupt (a checkpoint cut off by a full disk, a
/// tagger model that is not one). The CLI maps it to exit code 3 (environment): the fix is to replace or delete the
/// file, not to change an option.
/// </summary>
public sealed class UnreadableFileException : DataForgeException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="path">The file (or checkpoint folder) that cannot be used.</param>
    /// <param name="message">Why, and what the user can do about it.</param>
    /// <param name="innerException">The reader's own error.</param>
    public UnreadableFileException(string path, string message, Exception? innerException = null)
        : base($"{path}: {message}", innerException)
    {
        Path = path;
    }

    /// <summary>Gets the file that cannot be used.</summary>
    public string Path { get; }
}
