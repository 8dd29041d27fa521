namespace DataForge.ShapeWorld.Captioning;

/// <summary>What a run folder was started with and how far it got; a resume must match everything but the step.</summary>
public sealed record CaptionerRunState
{
    /// <summary>Gets the optimizer steps completed.</summary>
    public int Step { get; init; }

    /// <summary>Gets the seed.</summary>
    public int Seed { get; init; }

    /// <summary>Gets the planned step count (the cosine schedule depends on it).</summary>
    public int Steps { get; init; }

    /// <summary>Gets the images per step.</summary>
    public int BatchSize { get; init; }

    /// <summary>Gets the number of distinct training scenes.</summary>
    public long TrainScenes { get; init; }

    /// <summary>Gets the peak learning rate.</summary>
    public double LearningRate { get; init; }

    /// <summary>Gets the weight of the per-cell vision loss.</summary>
    public double CellLossWeight { get; init; }

    /// <summary>Gets the trained prompt.</summary>
    public string Prompt { get; init; } = "";

    /// <summary>Gets the network shape.</summary>
    public CaptionerConfig Network { get; init; } = new();

    /// <summary>Gets the mean loss over the last logged window.</summary>
    public double RecentLoss { get; init; }

    /// <summary>Gets the training seconds spent so far, over all resumes.</summary>
    public double Seconds { get; init; }

    /// <summary>Gets the process CPU seconds spent training so far, over all resumes (all threads together).</summary>
    public double CpuSeconds { get; init; }
}
