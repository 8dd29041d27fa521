namespace DataForge.Cli.Demo;

/// <summary>What the demo produced: each output with its path, and headline numbers.</summary>
public sealed class DemoReport
{
    /// <summary>Gets the outputs in the order they were made: (description, path).</summary>
    public List<(string What, string Path)> Outputs { get; } = [];

    /// <summary>Gets headline numbers: (label, value).</summary>
    public List<(string Label, string Value)> Numbers { get; } = [];

    /// <summary>Gets the first captioned images, to show alt-text beside the dense caption.</summary>
    public List<DemoExample> Examples { get; } = [];

    /// <summary>Gets or sets the Table-1 style noun statistics of the sample, as Markdown.</summary>
    public string? Table1Markdown { get; set; }
}
