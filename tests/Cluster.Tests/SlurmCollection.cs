namespace DataForge.Cluster.Tests;

/// <summary>
/// The tests that start a Slurm cluster run one after another: the Slurm client programs find their cluster through
/// the process-wide <c>SLURM_CONF</c>.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SlurmCollection
{
    /// <summary>The collection name.</summary>
    public const string Name = "slurm cluster";
}
