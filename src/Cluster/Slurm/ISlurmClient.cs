namespace DataForge.Cluster.Slurm;

/// <summary>The three Slurm commands the pipeline uses; tests of the parsing substitute recorded outputs.</summary>
public interface ISlurmClient
{
    /// <summary>Runs <c>sbatch --parsable</c> and returns the job id.</summary>
    /// <param name="arguments">Options and the script path.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The job id.</returns>
    Task<string> SubmitAsync(IReadOnlyList<string> arguments, CancellationToken cancellationToken);

    /// <summary>Runs <c>squeue</c> and returns its standard output.</summary>
    /// <param name="arguments">The arguments.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The output.</returns>
    Task<string> QueueAsync(IReadOnlyList<string> arguments, CancellationToken cancellationToken);

    /// <summary>Runs <c>scontrol -o show job ID</c>; returns empty text when Slurm no longer knows the job.</summary>
    /// <param name="jobId">The job id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>One line per job or array task.</returns>
    Task<string> ShowJobAsync(string jobId, CancellationToken cancellationToken);
}
