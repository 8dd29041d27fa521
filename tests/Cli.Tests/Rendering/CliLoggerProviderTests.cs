using DataForge.Cli.Rendering;
using Microsoft.Extensions.Logging;

namespace DataForge.Cli.Tests.Rendering;

public sealed class CliLoggerProviderTests
{
    private static readonly DateTimeOffset Noon = new(2026, 1, 2, 12, 34, 56, TimeSpan.Zero);

    [Fact]
    public void Format_HasNoEventIdAndSaysTheStageOnce()
    {
        Assert.Equal("12:34:56 info: ingest shard 00003: 8 rows", CliLoggerProvider.Format(Noon, LogLevel.Information, "ingest", "ingest shard 00003: 8 rows", null, verbose: false));
        Assert.Equal("12:34:56 warn: models: Retry 1 after: refused", CliLoggerProvider.Format(Noon, LogLevel.Warning, "models", "Retry 1 after: refused", null, verbose: false));
    }

    [Fact]
    public void Format_ExceptionIsOneLineUnlessVerbose()
    {
        var error = Record.Exception(() => _ = new Dictionary<string, int>()["k"])!;

        var quiet = CliLoggerProvider.Format(Noon, LogLevel.Error, "ingest", "shard failed", error, verbose: false);
        var verbose = CliLoggerProvider.Format(Noon, LogLevel.Error, "ingest", "shard failed", error, verbose: true);

        Assert.Equal("12:34:56 fail: ingest: shard failed (KeyNotFoundException: The given key 'k' was not present in the dictionary.)", quiet);
        Assert.Contains("\n   at ", verbose, StringComparison.Ordinal);
    }

    [Fact]
    public void HoldWhileLive_WritesTheLinesWhenTheDisplayEnds()
    {
        using var error = new StringWriter();
        using var provider = new CliLoggerProvider(error, verbose: false, TimeProvider.System);
        var logger = provider.CreateLogger("ingest");

        using (provider.HoldWhileLive())
        {
            logger.LogInformation("during the live display");
            Assert.Equal("", error.ToString());
        }

        logger.LogInformation("after it");

        var lines = error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.EndsWith("info: ingest: during the live display", lines[0], StringComparison.Ordinal);
        Assert.EndsWith("info: ingest: after it", lines[1], StringComparison.Ordinal);
    }
}
