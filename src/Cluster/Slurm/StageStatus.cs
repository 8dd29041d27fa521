namespace DataForge.Cluster.Slurm;

/// <summary>The tasks of one stage.</summary>
/// <param name="Stage">The stage name.</param>
/// <param name="Tasks">One entry per task.</param>
public sealed record StageStatus(string Stage, IReadOnlyList<ArrayTaskStatus> Tasks)
{
    /// <summary>Counts the tasks in a state.</summary>
    /// <param name="state">The state.</param>
    /// <returns>The count.</returns>
    public int Count(TaskState state) => Tasks.Count(t => t.State == state);

    /// <summary>Gets whether every task is done.</summary>
    public bool IsDone => Tasks.All(t => t.State == TaskState.Done);
}
