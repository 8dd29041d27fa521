using System.CommandLine;
using DataForge.Cluster.Pipeline;
using DataForge.Core.Errors;

namespace DataForge.Cli.Common;

/// <summary>
/// Parses every stage's arguments of a pipeline spec with the real <c>dataforge</c> command line before anything is
/// submitted or written, so a misspelt option fails once at the login node instead of as every array task exiting 2.
/// </summary>
public static class PipelineArgumentsCheck
{
    /// <summary>Checks the stages.</summary>
    /// <param name="root">The <c>dataforge</c> root command.</param>
    /// <param name="stages">The stages to check.</param>
    /// <exception cref="OptionsValidationException">A stage's arguments do not parse; the message names the stage and the parser's errors.</exception>
    public static void Check(Command root, IEnumerable<PipelineStageSpec> stages)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(stages);
        foreach (var stage in stages)
        {
            var parse = root.Parse([stage.Stage, .. stage.TaskArgs]);
            if (parse.Errors.Count > 0)
            {
                throw new OptionsValidationException(
                    "--pipeline",
                    $"stage '{stage.Stage}' would fail in every task: {string.Join("; ", parse.Errors.Select(e => e.Message))}");
            }
        }
    }
}
