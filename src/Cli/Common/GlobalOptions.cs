using System.CommandLine;

namespace DataForge.Cli.Common;

/// <summary>Options every command accepts.</summary>
public static class GlobalOptions
{
    /// <summary>Gets <c>--verbose</c>: debug-level logs on stderr.</summary>
    public static Option<bool> Verbose { get; } = new("--verbose", "-v")
    {
        Description = "Log debug details to stderr.",
        Recursive = true,
    };
}
