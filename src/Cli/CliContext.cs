using DataForge.Cli.Rendering;
using DataForge.Core.Progress;
using Microsoft.Extensions.Logging;
using Spectre.Console;

namespace DataForge.Cli;

/// <summary>
/// What command handlers share: the output writers, a Spectre console over stdout, the logger factory (logs go
/// to stderr so stdout stays parseable) and progress rendering that turns itself off when stdout is not a terminal.
/// </summary>
public sealed class CliContext : IDisposable
{
    private readonly CliLoggerProvider _logs;

    /// <summary>Creates the context.</summary>
    /// <param name="output">Results (stdout).</param>
    /// <param name="error">Diagnostics (stderr).</param>
    /// <param name="verbose">Log at debug level.</param>
    public CliContext(TextWriter output, TextWriter error, bool verbose)
    {
        Output = output;
        Error = error;
        Verbose = verbose;
        Interactive = ReferenceEquals(output, System.Console.Out) && !System.Console.IsOutputRedirected
            && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI"));
        Console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Interactive = Interactive ? InteractionSupport.Yes : InteractionSupport.No,
            Ansi = Interactive ? AnsiSupport.Detect : AnsiSupport.No,
        });
        if (!Interactive)
        {
            // Logs and captured output are read by tools and people in wide viewers: do not wrap at 80 columns.
            Console.Profile.Width = 240;
        }

        _logs = new CliLoggerProvider(error, verbose, TimeProvider.System);
        LoggerFactory = Microsoft.Extensions.Logging.LoggerFactory.Create(builder => builder
            .SetMinimumLevel(verbose ? LogLevel.Debug : LogLevel.Information)
            .AddProvider(_logs));
    }

    /// <summary>Gets the results writer (stdout).</summary>
    public TextWriter Output { get; }

    /// <summary>Gets whether <c>-v</c> was given: debug logs, and stack traces with errors.</summary>
    public bool Verbose { get; }

    /// <summary>Gets the diagnostics writer (stderr).</summary>
    public TextWriter Error { get; }

    /// <summary>Gets whether stdout is an interactive terminal (progress bars on).</summary>
    public bool Interactive { get; }

    /// <summary>Gets the Spectre console writing to <see cref="Output"/>.</summary>
    public IAnsiConsole Console { get; }

    /// <summary>Gets the logger factory (console logger on stderr).</summary>
    public ILoggerFactory LoggerFactory { get; }

    /// <summary>
    /// Runs work that reports <see cref="StageProgress"/>: as a live progress bar (items/s, ETA) on a terminal, or
    /// as a log line every few seconds otherwise.
    /// </summary>
    /// <typeparam name="T">The work's result.</typeparam>
    /// <param name="title">Shown before the first report arrives.</param>
    /// <param name="work">The work, given the progress sink.</param>
    /// <returns>The work's result.</returns>
    public async Task<T> RunWithProgressAsync<T>(string title, Func<IProgress<StageProgress>, Task<T>> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        if (!Interactive)
        {
            var logged = new LoggingStageProgress(LoggerFactory.CreateLogger("progress"), TimeProvider.System);
            var result = await work(logged).ConfigureAwait(false);
            logged.Flush();
            return result;
        }

        using var hold = _logs.HoldWhileLive();
        return await Console.Progress()
            .AutoClear(false)
            .Columns(
                new TaskDescriptionColumn(),
                new ProgressBarColumn(),
                new KnownTotalColumn(new PercentageColumn()),
                new ItemsPerSecondColumn(),
                new KnownTotalColumn(new RemainingTimeColumn()),
                new SpinnerColumn())
            // The fixed columns (bar, percentage, rate, ETA, spinner) need about 45 columns; descriptions get the rest.
            .StartAsync(ctx => work(new SpectreStageProgress(ctx, title, Console.Profile.Width - 45)))
            .ConfigureAwait(false);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        LoggerFactory.Dispose();
        _logs.Dispose();
    }
}
