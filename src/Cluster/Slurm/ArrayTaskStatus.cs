namespace DataForge.Cluster.Slurm;

/// <summary>The state of one task (an array task, or task 0 of a single job).</summary>
/// <param name="Task">The array task id.</param>
/// <param name="State">Where it stands.</param>
/// <param name="JobId">The job that ran or will run it (<c>ARRAY_TASK</c> form for arrays).</param>
/// <param name="ExitCode">The exit code when it finished, else <see langword="null"/>.</param>
/// <param name="Detail">Slurm's state and reason, e.g. <c>PENDING (Dependency)</c>.</param>
public sealed record ArrayTaskStatus(int Task, TaskState State, string? JobId, int? ExitCode, string? Detail);
