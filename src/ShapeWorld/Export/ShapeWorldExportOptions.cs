using DataForge.Core.Errors;

namespace DataForge.ShapeWorld.Export;

/// <summary>Options of <c>dataforge shapeworld generate</c>.</summary>
public sealed class ShapeWorldExportOptions
{
    /// <summary>Most scenes one run writes: the size of the training index range before the held-out range.</summary>
    public const int MaxCount = (int)ShapeWorldGenerator.HeldOutStart;

    /// <summary>Gets or sets how many scenes to write.</summary>
    /// <value>Required; 1 to <see cref="MaxCount"/>.</value>
    public int Count { get; set; }

    /// <summary>Gets or sets the generator seed.</summary>
    /// <value>The default value is 0.</value>
    public int Seed { get; set; }

    /// <summary>Gets or sets the first scene index (held-out sets start at <see cref="ShapeWorldGenerator.HeldOutStart"/>).</summary>
    /// <value>The default value is 0.</value>
    public long StartIndex { get; set; }

    /// <summary>Gets or sets the folder to write.</summary>
    /// <value>Required.</value>
    public string OutputDirectory { get; set; } = "";

    /// <summary>Gets or sets whether to replace a folder an earlier <c>shapeworld generate</c> wrote.</summary>
    /// <value>The default value is <see langword="false"/>.</value>
    public bool Overwrite { get; set; }

    /// <summary>Gets or sets the URL the image folder will be served from; each row's URL is this plus its image path.</summary>
    /// <value>The default value is <c>http://127.0.0.1:8000/</c> (<c>python3 -m http.server 8000</c> in the folder).</value>
    public string BaseUrl { get; set; } = "http://127.0.0.1:8000/";

    /// <summary>Gets or sets how many scenes are rendered at once.</summary>
    /// <value>The default value is the number of processors.</value>
    public int Parallelism { get; set; } = Environment.ProcessorCount;

    /// <summary>Checks the options.</summary>
    /// <exception cref="OptionsValidationException">An option is out of range.</exception>
    public void Validate()
    {
        if (Count is < 1 or > MaxCount)
        {
            throw new OptionsValidationException("--count", $"must be 1 to {MaxCount:N0}, got {Count}");
        }

        if (StartIndex < 0 || StartIndex > long.MaxValue - Count)
        {
            throw new OptionsValidationException("--start-index", $"must be 0 or more, got {StartIndex}");
        }

        if (string.IsNullOrWhiteSpace(OutputDirectory))
        {
            throw new OptionsValidationException("--output", "is required");
        }

        if (!Uri.TryCreate(BaseUrl, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || !BaseUrl.EndsWith('/'))
        {
            throw new OptionsValidationException("--base-url", $"must be an http(s) URL ending in '/', got '{BaseUrl}'");
        }

        if (Parallelism < 1)
        {
            throw new OptionsValidationException("--parallelism", $"must be at least 1, got {Parallelism}");
        }
    }
}
