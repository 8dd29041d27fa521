using System.CommandLine;

namespace DataForge.Cli.Common;

/// <summary>
/// A boolean option that is on by default and therefore needs a way off: <c>--x</c> (shown with its default, and also
/// taking <c>--x false</c>) paired with <c>--no-x</c>, so a flag that is already on never reads as an opt-in switch.
/// </summary>
public sealed class SwitchOption
{
    /// <summary>Creates the pair.</summary>
    /// <param name="name">The option's name, e.g. <c>--extract-exif</c>.</param>
    /// <param name="description">What it does when on.</param>
    /// <param name="defaultValue">Its default (the stage options' default).</param>
    public SwitchOption(string name, string description, bool defaultValue)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        On = new Option<bool>(name)
        {
            // System.CommandLine's help omits the default of a bool option, which is the one thing a reader needs here.
            Description = $"{description} [default: {(defaultValue ? "true" : "false")}; --no-{name[2..]} or {name} false turns it off]",
            DefaultValueFactory = _ => defaultValue,
        };
        Off = new Option<bool>("--no-" + name[2..]) { Description = $"Turn {name} off." };
    }

    /// <summary>Gets <c>--x</c>.</summary>
    public Option<bool> On { get; }

    /// <summary>Gets <c>--no-x</c>.</summary>
    public Option<bool> Off { get; }

    /// <summary>Adds both options to a command, <c>--x</c> first.</summary>
    /// <param name="command">The command.</param>
    public void AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.Options.Add(On);
        command.Options.Add(Off);
    }

    /// <summary>Gets the value: off when <c>--no-x</c> is given, else <c>--x</c>'s value or its default.</summary>
    /// <param name="parse">The parse result.</param>
    /// <returns>The value.</returns>
    /// <exception cref="Core.Errors.OptionsValidationException">Both <c>--x</c> and <c>--no-x</c> were given.</exception>
    public bool Get(ParseResult parse)
    {
        ArgumentNullException.ThrowIfNull(parse);
        var off = parse.GetResult(Off) is not null && parse.GetValue(Off);
        if (off && parse.GetResult(On) is { Implicit: false })
        {
            throw new Core.Errors.OptionsValidationException(Off.Name, $"contradicts {On.Name}; give one of them");
        }

        return !off && parse.GetValue(On);
    }
}
