namespace DataForge.Cluster.Pipeline;

/// <summary>Where and how the pipeline's Kubernetes Indexed Jobs run.</summary>
public sealed class KubernetesSpec
{
    /// <summary>Gets or sets the container image holding <c>dataforge</c>.</summary>
    public string Image { get; set; } = "dataforge:latest";

    /// <summary>Gets or sets the command that runs <c>dataforge</c> inside the image.</summary>
    public List<string> Command { get; set; } = ["dataforge"];

    /// <summary>Gets or sets the namespace, or <see langword="null"/> for the current context's.</summary>
    public string? Namespace { get; set; }

    /// <summary>Gets or sets the persistent volume claim that holds the shards, models and reports (shared by every pod).</summary>
    public string VolumeClaim { get; set; } = "dataforge-data";

    /// <summary>Gets or sets where the claim is mounted; stage arguments use paths under it.</summary>
    public string MountPath { get; set; } = "/data";

    /// <summary>Gets or sets how often one index may fail before it is given up (<c>backoffLimitPerIndex</c>).</summary>
    /// <value>The default value is 2.</value>
    public int BackoffLimitPerIndex { get; set; } = 2;

    /// <summary>
    /// Gets or sets how many indexes of an array stage may fail for good before Kubernetes stops the whole Job
    /// (<c>maxFailedIndexes</c>): past that the failure is systemic (a bad image, a full volume) and the remaining
    /// indexes would only burn cluster time.
    /// </summary>
    /// <value>The default value is <see langword="null"/>: a tenth of the indexes, at least one.</value>
    public int? MaxFailedIndexes { get; set; }

    /// <summary>Gets or sets the extended resource name of a GPU.</summary>
    public string GpuResource { get; set; } = "nvidia.com/gpu";

    /// <summary>Gets the <c>maxFailedIndexes</c> of an Indexed Job with <paramref name="indexes"/> indexes.</summary>
    /// <param name="indexes">The completion count.</param>
    /// <returns>The limit, always below the index count so a failing stage fails its Job.</returns>
    public int EffectiveMaxFailedIndexes(int indexes) => Math.Min(MaxFailedIndexes ?? Math.Max(1, indexes / 10), Math.Max(0, indexes - 1));
}
