using DataForge.Core.Errors;

namespace DataForge.ShapeWorld.Evaluation;

/// <summary>Options of <c>dataforge shapeworld judge</c>.</summary>
public sealed class JudgeOptions
{
    /// <summary>Gets or sets the folder of sampled images: <c>dataforge sample</c>'s output, whose <c>index.json</c>
    /// names each image file and the prompt it was sampled with.</summary>
    /// <value>Required.</value>
    public string InputDirectory { get; set; } = "";

    /// <summary>Gets or sets the prompt set file (<c>dataforge shapeworld prompts</c>).</summary>
    /// <value>Required.</value>
    public string PromptsFile { get; set; } = "";

    /// <summary>Gets or sets the folder the report is written to (<c>judge.json</c>, <c>judge.md</c>).</summary>
    /// <value>Required.</value>
    public string OutputDirectory { get; set; } = "";

    /// <summary>Gets or sets the bootstrap seed.</summary>
    /// <value>The default value is 0.</value>
    public int Seed { get; set; }

    /// <summary>Gets or sets the number of bootstrap resamples over prompts.</summary>
    /// <value>The default value is 1,000.</value>
    public int Resamples { get; set; } = 1000;

    /// <summary>Checks the options.</summary>
    /// <exception cref="OptionsValidationException">An option is missing or out of range.</exception>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(InputDirectory))
        {
            throw new OptionsValidationException("--input", "is required");
        }

        if (string.IsNullOrWhiteSpace(PromptsFile))
        {
            throw new OptionsValidationException("--prompts", "is required");
        }

        if (string.IsNullOrWhiteSpace(OutputDirectory))
        {
            throw new OptionsValidationException("--output", "is required");
        }

        if (Resamples is < 1 or > 1_000_000)
        {
            throw new OptionsValidationException("--resamples", $"must be 1 to 1,000,000, got {Resamples}");
        }
    }
}
