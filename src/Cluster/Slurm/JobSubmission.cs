namespace DataForge.Cluster.Slurm;

/// <summary>One <c>sbatch</c> of a pipeline: which stage, which job id, which array tasks.</summary>
public sealed class JobSubmission
{
    /// <summary>Gets or sets the stage name (<c>reduce</c> for the final job).</summary>
    public string Stage { get; set; } = "";

    /// <summary>Gets or sets the Slurm job id (the array's id for an array).</summary>
    public string JobId { get; set; } = "";

    /// <summary>Gets or sets the array task ids submitted; <c>[0]</c> for a single job.</summary>
    public List<int> Tasks { get; set; } = [];

    /// <summary>Gets or sets whether the job is an array.</summary>
    public bool IsArray { get; set; }

    /// <summary>Gets or sets the batch script.</summary>
    public string Script { get; set; } = "";

    /// <summary>Gets or sets the dependency it was submitted with, e.g. <c>aftercorr:123</c>.</summary>
    public string? Dependency { get; set; }

    /// <summary>Gets or sets when it was submitted.</summary>
    public DateTimeOffset SubmittedAt { get; set; }
}
