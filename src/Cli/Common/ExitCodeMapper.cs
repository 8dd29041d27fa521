using DataForge.Core.Errors;
using Microsoft.Extensions.Logging;

namespace DataForge.Cli.Common;

/// <summary>The one place where exceptions become exit codes and messages for the user.</summary>
public static class ExitCodeMapper
{
    /// <summary>Exit code after cancellation (Ctrl+C), as shells report SIGINT.</summary>
    public const int Cancelled = 130;

    /// <summary>Logs an exception as the user should see it and returns the matching exit code.</summary>
    /// <param name="exception">What escaped the command.</param>
    /// <param name="context">For logging.</param>
    /// <returns>The exit code.</returns>
    public static int Report(Exception exception, CliContext context)
    {
        ArgumentNullException.ThrowIfNull(exception);
        ArgumentNullException.ThrowIfNull(context);
        var logger = context.LoggerFactory.CreateLogger("dataforge");
        switch (exception)
        {
            case OperationCanceledException:
                context.Error.WriteLine("cancelled; finished shards are kept and the next run resumes after them");
                return Cancelled;
            case OptionsValidationException ex:
                context.Error.WriteLine($"error: {ex.Message}");
                return ExitCodes.Usage;
            case EnvironmentUnavailableException ex:
                context.Error.WriteLine($"environment: {ex.Message} (run 'dataforge doctor' for details)");
                return ExitCodes.Environment;
            case DataForgeException ex:
                context.Error.WriteLine($"error: {ex.Message}");
                logger.LogDebug(ex, "details");
                return ExitCodes.Failed;
            default:
                context.Error.WriteLine($"unexpected error: {exception}");
                return ExitCodes.Failed;
        }
    }
}
