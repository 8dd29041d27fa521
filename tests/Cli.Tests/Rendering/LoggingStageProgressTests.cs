using DataForge.Cli.Rendering;
using DataForge.Core.Progress;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace DataForge.Cli.Tests.Rendering;

public sealed class LoggingStageProgressTests
{
    private sealed class ListLogger : ILogger
    {
        public List<string> Lines { get; } = [];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Lines.Add(formatter(state, exception));
    }

    [Fact]
    public void Report_ThrottlesToInterval_AndFlushWritesTheLastReport()
    {
        var time = new FakeTimeProvider();
        var logger = new ListLogger();
        var progress = new LoggingStageProgress(logger, time);

        progress.Report(new StageProgress("ingest", "rows", 0, 1000));
        time.Advance(TimeSpan.FromSeconds(1));
        progress.Report(new StageProgress("ingest", "rows", 100, 1000));
        time.Advance(TimeSpan.FromSeconds(4));
        progress.Report(new StageProgress("ingest", "rows", 500, 1000, "shard 00001"));
        time.Advance(TimeSpan.FromSeconds(1));
        progress.Report(new StageProgress("ingest", "rows", 600, 1000));
        progress.Flush();

        Assert.Equal(3, logger.Lines.Count);
        // 500 rows in 5 s = 100 rows/s; 500 left → ETA 5 s.
        Assert.Equal("ingest: 500/1000 rows (100.0 rows/s, ETA 00:00:05) shard 00001", logger.Lines[1]);
        Assert.StartsWith("ingest: 600/1000 rows", logger.Lines[2], StringComparison.Ordinal);
    }
}
