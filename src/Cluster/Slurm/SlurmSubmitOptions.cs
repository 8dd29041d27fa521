namespace DataForge.Cluster.Slurm;

/// <summary>Options of <c>dataforge slurm submit</c>.</summary>
public sealed class SlurmSubmitOptions
{
    /// <summary>Gets or sets the pipeline spec file (<c>--pipeline</c>).</summary>
    public string PipelineFile { get; set; } = "pipeline.json";

    /// <summary>Gets or sets the stages to submit (arguments); empty for all.</summary>
    public List<string> Stages { get; set; } = [];

    /// <summary>Gets or sets whether to print the scripts and <c>sbatch</c> lines instead of submitting (<c>--dry-run</c>).</summary>
    public bool DryRun { get; set; }

    /// <summary>Gets or sets whether to write Kubernetes Indexed Job manifests instead (<c>--k8s</c>).</summary>
    public bool Kubernetes { get; set; }

    /// <summary>Gets or sets where <c>--k8s</c> writes (<c>--k8s-output</c>); <see langword="null"/> for <c>WORK/k8s</c>.</summary>
    public string? KubernetesOutput { get; set; }
}
