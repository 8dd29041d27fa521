namespace DataForge.Core.Errors;

/// <summary>
/// An options object failed validation. Raised once, when a stage is built, never per item; the CLI maps it
/// to exit code 2 (usage).
/// </summary>
public sealed class OptionsValidationException : DataForgeException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="optionName">The option at fault, as the user spells it (e.g. <c>--batch-size</c>).</param>
    /// <param name="message">Why the value is not acceptable.</param>
    public OptionsValidationException(string optionName, string message)
        : base($"{optionName}: {message}")
    {
        OptionName = optionName;
    }

    /// <summary>Gets the option at fault.</summary>
    public string OptionName { get; }
}
