using Microsoft.Extensions.Logging;

namespace DataForge.Cli.Rendering;

/// <summary>One category's logger; <see cref="CliLoggerProvider"/> formats and places its lines.</summary>
internal sealed class CliLogger(CliLoggerProvider provider, string category) : ILogger
{
    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    // Levels are filtered by the logger factory (information, or debug with -v).
    public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        ArgumentNullException.ThrowIfNull(formatter);
        if (IsEnabled(logLevel))
        {
            provider.Write(logLevel, category, formatter(state, exception), exception);
        }
    }
}
