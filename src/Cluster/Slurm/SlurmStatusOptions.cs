namespace DataForge.Cluster.Slurm;

/// <summary>Options of <c>dataforge slurm status</c>.</summary>
public sealed class SlurmStatusOptions
{
    /// <summary>Gets or sets the pipeline spec file (<c>--pipeline</c>).</summary>
    public string PipelineFile { get; set; } = "pipeline.json";

    /// <summary>Gets or sets whether to wait until nothing is pending or running (<c>--wait</c>).</summary>
    public bool Wait { get; set; }

    /// <summary>Gets or sets how often <c>--wait</c> polls Slurm (<c>--poll-seconds</c>).</summary>
    /// <value>The default value is 10 seconds.</value>
    public double PollSeconds { get; set; } = 10;

    /// <summary>Gets or sets the longest <c>--wait</c> waits (<c>--timeout-minutes</c>); 0 waits for ever.</summary>
    public double TimeoutMinutes { get; set; }
}
