using System.CommandLine;

namespace DataForge.Cli.Commands;

/// <summary><c>dataforge shapeworld</c>: the procedural shape world and its captioner.</summary>
public static class ShapeWorldCommand
{
    /// <summary>Creates the command with its subcommands.</summary>
    /// <param name="context">CLI context.</param>
    /// <returns>The command.</returns>
    public static Command Create(CliContext context)
    {
        var command = new Command("shapeworld", "Procedural shape-world scenes with scene graphs, LAION-like alt-text and dense gold captions.");
        command.Subcommands.Add(ShapeWorldGenerateCommand.Create(context));
        return command;
    }
}
