using System.CommandLine;

namespace DataForge.Cli.Commands;

/// <summary><c>dataforge shapeworld</c>: the procedural shape world and the captioner DataForge trains on it.</summary>
public static class ShapeWorldCommand
{
    /// <summary>Creates the command.</summary>
    /// <param name="context">CLI context.</param>
    /// <returns>The command.</returns>
    public static Command Create(CliContext context) =>
        new("shapeworld", "Shape-world scenes with scene graphs and captions, and the captioner, VAE and text encoder DataForge builds for them.")
        {
            ShapeWorldGenerateCommand.Create(context),
            TrainCaptionerCommand.Create(context),
            TrainVaeCommand.Create(context),
            TrainTextEncoderCommand.Create(context),
            EvalCaptionerCommand.Create(context),
            ShapeWorldPromptsCommand.Create(context),
            ShapeWorldJudgeCommand.Create(context),
            ShapeWorldExperimentCommand.Create(context),
        };
}
