using System.Net.Http;
using System.Net.Sockets;
using DataForge.Core.Errors;

namespace DataForge.Cli.Common;

/// <summary>
/// The one place where exceptions become exit codes and messages for the user: one line on stderr, the stack trace
/// only with <c>-v</c>.
/// </summary>
public static class ExitCodeMapper
{
    /// <summary>Exit code after SIGINT (Ctrl+C), as shells report it (128 + 2).</summary>
    public const int Cancelled = 130;

    /// <summary>Exit code after SIGTERM (128 + 15), what schedulers send before killing a job.</summary>
    public const int Terminated = 143;

    /// <summary>
    /// Exit code after SIGUSR1 (128 + 10): Slurm's warning before pre-emption or the time limit
    /// (<c>--signal=B:USR1@120</c>); <c>train</c> has written a checkpoint and the job should be requeued.
    /// </summary>
    public const int Requeue = 138;

    /// <summary>The hint printed after an unexpected error.</summary>
    public const string VerboseHint = "run with -v for details";

    // errno values .NET keeps as the HResult of the IOException it raises on Linux.
    private const int NoSpace = 28;
    private const int QuotaExceeded = 122;
    private const int ReadOnlyFileSystem = 30;

    /// <summary>Prints an exception as the user should see it and returns the matching exit code.</summary>
    /// <param name="exception">What escaped the command.</param>
    /// <param name="context">For stderr and the verbosity.</param>
    /// <param name="signal">The signal that cancelled the run, if one did.</param>
    /// <returns>The exit code.</returns>
    public static int Report(Exception exception, CliContext context, CancellingSignal signal = CancellingSignal.None)
    {
        ArgumentNullException.ThrowIfNull(exception);
        ArgumentNullException.ThrowIfNull(context);
        var (code, line) = Classify(exception, signal);
        context.Error.WriteLine(line);
        if (context.Verbose && code is not (Cancelled or Terminated or Requeue))
        {
            context.Error.WriteLine(exception.ToString());
        }

        return code;
    }

    /// <summary>Decides the exit code and the one line printed for an exception.</summary>
    /// <param name="exception">What escaped the command.</param>
    /// <param name="signal">The signal that cancelled the run, if one did.</param>
    /// <returns>The exit code and the message line.</returns>
    public static (int Code, string Line) Classify(Exception exception, CancellingSignal signal = CancellingSignal.None)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var ex = Unwrap(exception);
        return ex switch
        {
            OperationCanceledException => signal switch
            {
                CancellingSignal.Terminate => (Terminated, "cancelled (SIGTERM); finished shards are kept and the next run resumes after them"),
                CancellingSignal.Requeue => (Requeue, "stopped for requeue (SIGUSR1); finished shards and the last checkpoint are kept and the next run resumes after them"),
                _ => (Cancelled, "cancelled; finished shards are kept and the next run resumes after them"),
            },
            OptionsValidationException => (ExitCodes.Usage, $"error: {ex.Message}"),
            EnvironmentUnavailableException => (ExitCodes.Environment, $"environment: {ex.Message} (run 'dataforge doctor' for details)"),
            UnreadableFileException => (ExitCodes.Environment, $"environment: {ex.Message}"),
            UnauthorizedAccessException => (ExitCodes.Environment, $"environment: permission denied: {OneLine(ex.Message)}"),
            FileNotFoundException fnf => (ExitCodes.Environment, $"environment: no such file: {fnf.FileName ?? OneLine(ex.Message)}"),
            DirectoryNotFoundException => (ExitCodes.Environment, $"environment: missing folder: {OneLine(ex.Message)}"),
            IOException io when io.HResult is NoSpace or QuotaExceeded => (ExitCodes.Environment, $"environment: disk full: {OneLine(ex.Message)}"),
            IOException io when io.HResult is ReadOnlyFileSystem => (ExitCodes.Environment, $"environment: read-only file system: {OneLine(ex.Message)}"),
            HttpRequestException or SocketException => (ExitCodes.Environment, $"environment: network: {OneLine(ex.Message)}"),
            IOException => (ExitCodes.Environment, $"environment: {OneLine(ex.Message)}"),
            DataForgeException when NetworkCause(ex) is { } network => (ExitCodes.Environment, $"environment: network: {OneLine(ex.Message)} ({OneLine(network.Message)})"),
            DataForgeException => (ExitCodes.Failed, $"error: {OneLine(ex.Message)}"),
            _ => (ExitCodes.Failed, $"unexpected error: {ex.GetType().Name}: {OneLine(ex.Message)} ({VerboseHint})"),
        };
    }

    // Task.Run and Parallel wrap the real failure; the user needs the one inside.
    private static Exception Unwrap(Exception exception)
    {
        var ex = exception;
        while (ex is AggregateException { InnerExceptions.Count: 1 } aggregate)
        {
            ex = aggregate.InnerExceptions[0];
        }

        if (ex is AggregateException many && many.InnerExceptions.All(e => e is OperationCanceledException))
        {
            return many.InnerExceptions[0];
        }

        return ex;
    }

    private static Exception? NetworkCause(Exception exception)
    {
        for (var inner = exception.InnerException; inner is not null; inner = inner.InnerException)
        {
            if (inner is HttpRequestException or SocketException)
            {
                return inner;
            }
        }

        return null;
    }

    private static string OneLine(string message)
    {
        var end = message.IndexOfAny(['\r', '\n']);
        return end < 0 ? message : message[..end];
    }
}
