using System.CommandLine;
using DataForge.Core.Errors;
using DataForge.ShapeWorld.Evaluation;

namespace DataForge.Cli.Commands;

/// <summary><c>dataforge shapeworld prompts</c>: the held-out GenEval-style prompt set the judge scores samples against.</summary>
public static class ShapeWorldPromptsCommand
{
    /// <summary>Creates the command.</summary>
    /// <param name="context">CLI context.</param>
    /// <returns>The command.</returns>
    public static Command Create(CliContext context)
    {
        var defaults = new PromptSetOptions();
        var output = new Option<string>("--output", "-o") { Description = "JSON file to write (prompts with their short and dense phrasings).", Required = true };
        var count = new Option<int>("--count") { Description = $"Number of prompts, 1 to {PromptSetGenerator.MaxCount}; the four tasks (single object, two objects, counting, position) take turns.", DefaultValueFactory = _ => defaults.Count };
        var seed = new Option<int>("--seed") { Description = "Seed; the same seed gives the same prompts, and a larger count extends a smaller one.", DefaultValueFactory = _ => defaults.Seed };
        var command = new Command("prompts", "Write a held-out prompt set: objects, colours, counts and positions to ask of a text-to-image model, each in a short and a dense phrasing.")
        {
            output, count, seed,
        };
        command.SetAction(async (parse, ct) =>
        {
            var options = new PromptSetOptions { OutputFile = parse.GetValue(output)!, Count = parse.GetValue(count), Seed = parse.GetValue(seed) };
            options.Validate();
            var set = new PromptSet(options.Seed, PromptSetGenerator.Generate(options.Count, options.Seed).Select(g => g.Prompt).ToList());
            set.Write(options.OutputFile);
            await context.Output.WriteLineAsync($"{set.Prompts.Count} prompts (seed {set.Seed}) in {Path.GetFullPath(options.OutputFile)}").ConfigureAwait(false);
            return ExitCodes.Ok;
        });
        return command;
    }
}
