namespace DataForge.Cluster.Slurm;

/// <summary>Every submitted stage of a pipeline, in order.</summary>
/// <param name="Pipeline">The pipeline name.</param>
/// <param name="Stages">The stages, the reduce job last.</param>
public sealed record PipelineStatus(string Pipeline, IReadOnlyList<StageStatus> Stages)
{
    /// <summary>Gets whether nothing is queued or running any more.</summary>
    public bool IsSettled => Stages.All(s => s.Tasks.All(t => t.State is not (TaskState.Pending or TaskState.Running)));

    /// <summary>Gets whether every task of every stage is done.</summary>
    public bool IsDone => Stages.All(s => s.IsDone);
}
