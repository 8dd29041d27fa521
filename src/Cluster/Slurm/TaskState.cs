namespace DataForge.Cluster.Slurm;

/// <summary>Where one task of a pipeline stage stands.</summary>
public enum TaskState
{
    /// <summary>Queued: waiting for resources, for its upstream task, or requeued.</summary>
    Pending,

    /// <summary>Running now.</summary>
    Running,

    /// <summary>Finished with exit code 0, or 1 (some rows failed, each recorded in its shard).</summary>
    Done,

    /// <summary>Finished with another exit code, timed out, ran out of memory, or its node failed for good.</summary>
    Failed,

    /// <summary>Never ran: its upstream task failed (<c>--kill-on-invalid-dep</c>) or it was cancelled.</summary>
    Cancelled,

    /// <summary>Slurm no longer knows it and it left no exit record.</summary>
    Unknown,
}
