using DataForge.Core.Errors;

namespace DataForge.ShapeWorld.Evaluation;

/// <summary>Options of <c>dataforge shapeworld prompts</c>.</summary>
public sealed class PromptSetOptions
{
    /// <summary>Gets or sets the file to write.</summary>
    /// <value>Required.</value>
    public string OutputFile { get; set; } = "";

    /// <summary>Gets or sets how many prompts to write.</summary>
    /// <value>The default value is 200, the minimum for a held-out set.</value>
    public int Count { get; set; } = 200;

    /// <summary>Gets or sets the seed.</summary>
    /// <value>The default value is 0.</value>
    public int Seed { get; set; }

    /// <summary>Checks the options.</summary>
    /// <exception cref="OptionsValidationException">An option is missing or out of range.</exception>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(OutputFile))
        {
            throw new OptionsValidationException("--output", "is required");
        }

        if (Directory.Exists(OutputFile))
        {
            throw new OptionsValidationException("--output", $"{OutputFile} is a folder; give the file to write");
        }

        if (Count is < 1 or > PromptSetGenerator.MaxCount)
        {
            throw new OptionsValidationException("--count", $"must be 1 to {PromptSetGenerator.MaxCount:N0}, got {Count}");
        }
    }
}
