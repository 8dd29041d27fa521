namespace DataForge.Core.Errors;

/// <summary>A shard file exists but does not follow the shard contract (missing or mistyped column, bad name).</summary>
public sealed class ShardFormatException : DataForgeException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="path">The shard file.</param>
    /// <param name="column">The offending column, when one is to blame.</param>
    /// <param name="message">What is wrong with it.</param>
    /// <param name="innerException">The underlying reader error, if any.</param>
    public ShardFormatException(string path, string? column, string message, Exception? innerException = null)
        : base(column is null ? $"{path}: {message}" : $"{path}: column '{column}': {message}", innerException)
    {
        Path = path;
        Column = column;
    }

    /// <summary>Gets the shard file.</summary>
    public string Path { get; }

    /// <summary>Gets the offending column, or <see langword="null"/> when the file as a whole is at fault.</summary>
    public string? Column { get; }
}
