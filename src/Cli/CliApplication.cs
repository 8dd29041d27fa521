using System.CommandLine;
using DataForge.Cli.Commands;
using DataForge.Cli.Common;
using DataForge.Core.Errors;

namespace DataForge.Cli;

/// <summary>
/// Builds the <c>dataforge</c> command tree and runs it. Handlers only map options onto each stage's options
/// object and call the stage; exit codes come from <see cref="ExitCodeMapper"/>.
/// </summary>
public static class CliApplication
{
    /// <summary>Builds the root command with every subcommand.</summary>
    /// <param name="context">Console, logging and progress for the handlers.</param>
    /// <returns>The root command.</returns>
    public static RootCommand Build(CliContext context)
    {
        var root = new RootCommand(
            "DataForge: build PixArt-alpha style text-to-image training sets (ingest, dense captions, noun statistics) and train on them.");
        root.Options.Add(GlobalOptions.Verbose);
        foreach (var command in CommandCatalog.Create(context))
        {
            root.Subcommands.Add(command);
        }

        return root;
    }

    /// <summary>
    /// Runs a command line as the process: stdout and stderr, with SIGINT, SIGTERM and SIGUSR1 cancelling the command
    /// (exit 130, 143, 138) instead of killing the process.
    /// </summary>
    /// <param name="args">Arguments.</param>
    /// <returns>The exit code.</returns>
    public static async Task<int> RunProcessAsync(string[] args)
    {
        using var signals = new SignalCancellation();
        return await RunAsync(args, System.Console.Out, System.Console.Error, signals.Token, () => signals.Signal).ConfigureAwait(false);
    }

    /// <summary>Parses and runs a command line.</summary>
    /// <param name="args">Arguments.</param>
    /// <param name="output">Where results go (stdout).</param>
    /// <param name="error">Where diagnostics go (stderr).</param>
    /// <param name="cancellationToken">Cancels the command.</param>
    /// <returns>The exit code.</returns>
    public static Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken = default) =>
        RunAsync(args, output, error, cancellationToken, () => CancellingSignal.None);

    private static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken, Func<CancellingSignal> signal)
    {
        ArgumentNullException.ThrowIfNull(args);
        using var context = new CliContext(output, error, verbose: args.Contains("--verbose") || args.Contains("-v"));
        var root = Build(context);
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var parseError in parse.Errors)
            {
                await error.WriteLineAsync($"error: {parseError.Message}").ConfigureAwait(false);
            }

            foreach (var suggestion in CommandSuggestions.For(parse))
            {
                await error.WriteLineAsync(suggestion).ConfigureAwait(false);
            }

            await error.WriteLineAsync("run 'dataforge --help' (or '<command> --help') for usage").ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        var configuration = new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null };
        try
        {
            var code = await parse.InvokeAsync(configuration, cancellationToken).ConfigureAwait(false);
            if (parse.Action is System.CommandLine.Help.HelpAction && CommandExamples.All.TryGetValue(CommandExamples.PathOf(parse), out var examples))
            {
                await output.WriteLineAsync("Examples:").ConfigureAwait(false);
                foreach (var example in examples)
                {
                    await output.WriteLineAsync("  " + example).ConfigureAwait(false);
                }

                await output.WriteLineAsync().ConfigureAwait(false);
            }

            // A stage that stops early on cancellation without throwing still finished only part of its work.
            return cancellationToken.IsCancellationRequested && code is ExitCodes.Ok or ExitCodes.FailedRows
                ? ExitCodeMapper.Report(new OperationCanceledException(cancellationToken), context, signal())
                : code;
        }
        catch (Exception ex)
        {
            return ExitCodeMapper.Report(ex, context, signal());
        }
    }
}
