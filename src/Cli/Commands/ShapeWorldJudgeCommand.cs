using System.CommandLine;
using System.Globalization;
using DataForge.Core.Errors;
using DataForge.ShapeWorld.Evaluation;

namespace DataForge.Cli.Commands;

/// <summary><c>dataforge shapeworld judge</c>: GenEval-style alignment of sampled images, scored by the analytic detector.</summary>
public static class ShapeWorldJudgeCommand
{
    /// <summary>Creates the command.</summary>
    /// <param name="context">CLI context.</param>
    /// <returns>The command.</returns>
    public static Command Create(CliContext context)
    {
        var defaults = new JudgeOptions();
        var input = new Option<string>("--input", "-i") { Description = "Folder 'dataforge sample' wrote (index.json names each image's prompt), or a folder of such folders (one per seed).", Required = true };
        var prompts = new Option<string>("--prompts") { Description = "Prompt set the samples were made from ('dataforge shapeworld prompts').", Required = true };
        var output = new Option<string>("--output", "-o") { Description = "Folder for judge.json (every image's detections and attributes) and judge.md.", Required = true };
        var seed = new Option<int>("--seed") { Description = "Bootstrap seed.", DefaultValueFactory = _ => defaults.Seed };
        var resamples = new Option<int>("--resamples") { Description = "Bootstrap resamples over prompts for the 95% intervals.", DefaultValueFactory = _ => defaults.Resamples };
        var command = new Command("judge", "Score sampled images against their prompts (object, colour, count, position) with the analytic shape detector; mean and bootstrap 95% interval over prompts.")
        {
            input, prompts, output, seed, resamples,
        };
        command.SetAction(async (parse, ct) =>
        {
            var options = new JudgeOptions
            {
                InputDirectory = parse.GetValue(input)!,
                PromptsFile = parse.GetValue(prompts)!,
                OutputDirectory = parse.GetValue(output)!,
                Seed = parse.GetValue(seed),
                Resamples = parse.GetValue(resamples),
            };
            var result = await context.RunWithProgressAsync("shapeworld judge", p => ShapeWorldJudge.RunAsync(options, p, ct)).ConfigureAwait(false);
            var overall = result.Summary.Overall;
            await context.Output.WriteLineAsync(string.Create(
                CultureInfo.InvariantCulture,
                $"{result.Images.Count} images, {result.Summary.Prompts.Count} prompts: alignment {overall.Mean:F3} (95% interval {overall.Low:F3}–{overall.High:F3})")).ConfigureAwait(false);
            foreach (var (attribute, interval) in result.Summary.ByAttribute)
            {
                await context.Output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"  {attribute.ToString().ToLowerInvariant(),-9} {interval.Mean:F3} ({interval.Low:F3}–{interval.High:F3}, {interval.Count} prompts)")).ConfigureAwait(false);
            }

            if (result.Summary.MissingPrompts.Count > 0)
            {
                await context.Output.WriteLineAsync($"{result.Summary.MissingPrompts.Count} prompts of the set have no images and are not scored").ConfigureAwait(false);
            }

            await context.Output.WriteLineAsync($"report: {result.MarkdownReport}, {result.JsonReport}").ConfigureAwait(false);
            return ExitCodes.Ok;
        });
        return command;
    }
}
