namespace DataForge.Cli.Tests.Demo;

/// <summary>A fact that needs <c>tmux</c> (a real terminal for the live display); skipped, saying so, without it.</summary>
public sealed class TmuxFactAttribute : FactAttribute
{
    public TmuxFactAttribute()
    {
        var paths = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries);
        if (!paths.Any(p => File.Exists(Path.Combine(p, "tmux"))))
        {
            Skip = "tmux is not installed (apt-get install tmux)";
        }
    }
}
