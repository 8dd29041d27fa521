using System.Diagnostics;
using DataForge.Core.Errors;

namespace DataForge.Cluster.Slurm;

/// <summary>
/// Runs the real Slurm client programs. They read <c>SLURM_CONF</c> and the rest of the environment as usual, and
/// <c>sbatch</c> passes the caller's environment to the job (<c>--export=ALL</c>), as users expect.
/// </summary>
public sealed class SlurmCommandLine : ISlurmClient
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromMinutes(2);

    /// <inheritdoc/>
    public async Task<string> SubmitAsync(IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var (code, output, error) = await RunAsync("sbatch", ["--parsable", .. arguments], cancellationToken).ConfigureAwait(false);
        if (code != 0)
        {
            throw new DataForgeException($"sbatch {string.Join(' ', arguments)} failed ({code}): {error.Trim()}");
        }

        // --parsable prints "jobid" or "jobid;cluster".
        return output.Trim().Split(';')[0];
    }

    /// <inheritdoc/>
    public async Task<string> QueueAsync(IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var (code, output, error) = await RunAsync("squeue", arguments, cancellationToken).ConfigureAwait(false);
        return code == 0 ? output : throw new DataForgeException($"squeue failed ({code}): {error.Trim()}");
    }

    /// <inheritdoc/>
    public async Task<string> ShowJobAsync(string jobId, CancellationToken cancellationToken)
    {
        // Slurm forgets finished jobs after MinJobAge (and sacct needs a database), so "unknown job" is not an error.
        var (code, output, _) = await RunAsync("scontrol", ["-o", "show", "job", jobId], cancellationToken).ConfigureAwait(false);
        return code == 0 ? output : "";
    }

    private static async Task<(int Code, string Output, string Error)> RunAsync(string program, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(info) ?? throw new EnvironmentUnavailableException(program, $"could not start {program}");
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new EnvironmentUnavailableException(program, $"'{program}' is not on PATH ({ex.Message}); run this on a Slurm login node or install the Slurm client", ex);
        }

        using (process)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(CommandTimeout);
            var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
            var error = process.StandardError.ReadToEndAsync(timeout.Token);
            try
            {
                await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                if (cancellationToken.IsCancellationRequested)
                {
                    throw;
                }

                throw new EnvironmentUnavailableException(program, $"{program} did not answer within {CommandTimeout.TotalSeconds:F0} s; is slurmctld up?");
            }

            return (process.ExitCode, await output.ConfigureAwait(false), await error.ConfigureAwait(false));
        }
    }
}
