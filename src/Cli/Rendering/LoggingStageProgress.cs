using System.Globalization;
using DataForge.Core.Progress;
using Microsoft.Extensions.Logging;

namespace DataForge.Cli.Rendering;

/// <summary>
/// Progress for non-terminal output (CI logs, Slurm log files): one log line at most every
/// <see cref="Interval"/>, with rate and ETA, plus a final line from <see cref="Flush"/>.
/// </summary>
public sealed partial class LoggingStageProgress : IProgress<StageProgress>
{
    /// <summary>Minimum time between two progress log lines.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly long _start;
    private readonly Lock _gate = new();
    private long _lastLogged;
    private StageProgress? _last;
    private bool _lastWasLogged = true;

    /// <summary>Creates the sink.</summary>
    /// <param name="logger">Where lines go.</param>
    /// <param name="time">Clock (injected for tests).</param>
    public LoggingStageProgress(ILogger logger, TimeProvider time)
    {
        _logger = logger;
        _time = time;
        _start = time.GetTimestamp();
        _lastLogged = long.MinValue;
    }

    /// <inheritdoc />
    public void Report(StageProgress value)
    {
        ArgumentNullException.ThrowIfNull(value);
        lock (_gate)
        {
            _last = value;
            var now = _time.GetTimestamp();
            if (_lastLogged != long.MinValue && _time.GetElapsedTime(_lastLogged, now) < Interval)
            {
                _lastWasLogged = false;
                return;
            }

            _lastLogged = now;
            _lastWasLogged = true;
            Write(value, _time.GetElapsedTime(_start, now));
        }
    }

    /// <summary>Logs the latest report if it was held back by the interval.</summary>
    public void Flush()
    {
        lock (_gate)
        {
            if (_last is not null && !_lastWasLogged)
            {
                Write(_last, _time.GetElapsedTime(_start));
                _lastWasLogged = true;
            }
        }
    }

    internal static string Format(StageProgress value, TimeSpan elapsed)
    {
        var rate = elapsed.TotalSeconds > 0 ? value.Completed / elapsed.TotalSeconds : 0;
        var text = value.Total is { } total
            ? $"{value.Completed}/{total} {value.Unit}"
            : $"{value.Completed} {value.Unit}";
        text += string.Create(CultureInfo.InvariantCulture, $" ({rate:0.0} {value.Unit}/s");
        if (value.Total is { } t && rate > 0 && t > value.Completed)
        {
            text += $", ETA {TimeSpan.FromSeconds(Math.Round((t - value.Completed) / rate)):c}";
        }

        text += ")";
        return value.Stage + ": " + text + (value.Detail is null ? "" : " " + value.Detail)
            + (value.Metrics is null ? "" : " " + string.Join(' ', value.Metrics.Select(m => string.Create(CultureInfo.InvariantCulture, $"{m.Key}={m.Value:0.###}"))));
    }

    private void Write(StageProgress value, TimeSpan elapsed) => LogProgress(_logger, Format(value, elapsed));

    [LoggerMessage(Level = LogLevel.Information, Message = "{Line}")]
    private static partial void LogProgress(ILogger logger, string line);
}
