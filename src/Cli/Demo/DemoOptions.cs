namespace DataForge.Cli.Demo;

/// <summary>Options of <c>dataforge demo</c>.</summary>
public sealed class DemoOptions
{
    /// <summary>Gets or sets the folder everything is written to.</summary>
    /// <value>The default value is <c>demo-work</c>.</value>
    public string WorkDirectory { get; set; } = "demo-work";

    /// <summary>Gets or sets how many scenes to generate.</summary>
    /// <value>The default value is 48.</value>
    public int Images { get; set; } = 48;

    /// <summary>Gets or sets rows per shard, so the sample spans several shards.</summary>
    /// <value>The default value is 16.</value>
    public int SamplesPerShard { get; set; } = 16;

    /// <summary>Gets or sets the optimizer steps of the demo's tiny DiT.</summary>
    /// <value>The default value is 20.</value>
    public int TrainSteps { get; set; } = 20;

    /// <summary>Gets or sets the captioning model folder.</summary>
    /// <value>The default value is <see langword="null"/>: the shipped <c>models/shapeworld-captioner</c>.</value>
    public string? ModelDirectory { get; set; }

    /// <summary>Gets or sets the seed of the scene generator.</summary>
    /// <value>The default value is 7.</value>
    public int Seed { get; set; } = 7;
}
