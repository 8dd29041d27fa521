using System.CommandLine;

namespace DataForge.Cli.Commands;

/// <summary>Every subcommand of <c>dataforge</c>, in the order <c>--help</c> lists them.</summary>
public static class CommandCatalog
{
    /// <summary>Creates the subcommands.</summary>
    /// <param name="context">CLI context.</param>
    /// <returns>The commands.</returns>
    public static IEnumerable<Command> Create(CliContext context)
    {
        yield return CaptionCommand.Create(context);
        yield return DemoCommand.Create(context);
        yield return DoctorCommand.Create(context);
        yield return IngestCommand.Create(context);
        yield return NounStatsCommand.Create(context);
        yield return ExtractFeaturesCommand.Create(context);
        yield return TrainCommand.Create(context);
        yield return SampleCommand.Create(context);
        yield return ExportCommand.Create(context);
        yield return ManifestCommand.Create(context);
        yield return ModelsCommand.Create(context);
        yield return SlurmCommand.Create(context);
        yield return ShapeWorldCommand.Create(context);
    }
}
