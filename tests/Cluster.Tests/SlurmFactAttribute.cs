namespace DataForge.Cluster.Tests;

/// <summary>A fact that needs a single-node Slurm cluster started by the test: Debian's slurm-wlm, run as root.</summary>
public sealed class SlurmFactAttribute : FactAttribute
{
    /// <summary>Creates the attribute.</summary>
    public SlurmFactAttribute()
    {
        if (SlurmTestCluster.MissingReason() is { } reason)
        {
            Skip = reason;
        }
    }
}
