using Microsoft.Extensions.Logging;

namespace DataForge.Cli.Rendering;

/// <summary>
/// Log lines for people: <c>HH:mm:ss level category: message</c>, without the event id, an exception as its one-line
/// message unless <c>-v</c> asks for the stack trace. While a live progress display is up, lines are held and written
/// when it ends: on a terminal stderr and stdout share the screen, and a line written under the bars tears them.
/// </summary>
public sealed class CliLoggerProvider : ILoggerProvider
{
    private readonly TextWriter _error;
    private readonly bool _verbose;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private List<string>? _held;

    /// <summary>Creates the provider.</summary>
    /// <param name="error">Where lines go when no live display is up (stderr).</param>
    /// <param name="verbose">Whether exceptions are logged with their stack traces.</param>
    /// <param name="time">Clock for the time stamps.</param>
    public CliLoggerProvider(TextWriter error, bool verbose, TimeProvider time)
    {
        _error = error;
        _verbose = verbose;
        _time = time;
    }

    /// <summary>Holds lines until the returned handle is disposed, which writes them.</summary>
    /// <returns>Ends the live display's hold.</returns>
    public IDisposable HoldWhileLive()
    {
        lock (_gate)
        {
            _held ??= [];
        }

        return new Hold(this);
    }

    /// <inheritdoc />
    public ILogger CreateLogger(string categoryName)
    {
        ArgumentNullException.ThrowIfNull(categoryName);
        // Class-named loggers ("DataForge.Captioner.CaptionRunner") are named by their class alone on a line.
        return new CliLogger(this, categoryName[(categoryName.LastIndexOf('.') + 1)..]);
    }

    /// <inheritdoc />
    public void Dispose()
    {
    }

    /// <summary>Formats one log line.</summary>
    /// <param name="time">The time stamp.</param>
    /// <param name="level">The level.</param>
    /// <param name="category">The logger's category.</param>
    /// <param name="message">The formatted message.</param>
    /// <param name="exception">The exception logged with it, if any.</param>
    /// <param name="verbose">Whether to add the exception's stack trace.</param>
    /// <returns>The line (more lines only with <paramref name="verbose"/>).</returns>
    internal static string Format(DateTimeOffset time, LogLevel level, string category, string message, Exception? exception, bool verbose)
    {
        // Stage loggers already start their messages with the stage ("ingest shard 00003: …"); say it once.
        var prefix = message.StartsWith(category + " ", StringComparison.Ordinal) || message.StartsWith(category + ":", StringComparison.Ordinal) ? "" : category + ": ";
        var line = $"{time:HH:mm:ss} {Level(level)}: {prefix}{message}";
        if (exception is null)
        {
            return line;
        }

        return verbose ? $"{line}\n{exception}" : $"{line} ({exception.GetType().Name}: {exception.Message.Split('\n')[0].TrimEnd()})";
    }

    internal void Write(LogLevel level, string category, string message, Exception? exception)
    {
        var line = Format(_time.GetLocalNow(), level, category, message, exception, _verbose);
        lock (_gate)
        {
            if (_held is not null)
            {
                _held.Add(line);
            }
            else
            {
                _error.WriteLine(line);
            }
        }
    }

    private static string Level(LogLevel level) => level switch
    {
        LogLevel.Trace => "trce",
        LogLevel.Debug => "dbug",
        LogLevel.Information => "info",
        LogLevel.Warning => "warn",
        LogLevel.Error => "fail",
        LogLevel.Critical => "crit",
        _ => "none",
    };

    private sealed class Hold(CliLoggerProvider provider) : IDisposable
    {
        public void Dispose()
        {
            lock (provider._gate)
            {
                foreach (var line in provider._held ?? [])
                {
                    provider._error.WriteLine(line);
                }

                provider._held = null;
            }
        }
    }
}
