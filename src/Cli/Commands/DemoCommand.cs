using System.CommandLine;
using DataForge.Cli.Demo;
using DataForge.Core.Errors;
using Spectre.Console;

namespace DataForge.Cli.Commands;

/// <summary><c>dataforge demo</c>: the embedded default, end to end on generated data.</summary>
public static class DemoCommand
{
    private static readonly DemoOptions Defaults = new();

    /// <summary>Creates the command.</summary>
    /// <param name="context">CLI context.</param>
    /// <returns>The command.</returns>
    public static Command Create(CliContext context)
    {
        var workDir = new Option<string>("--work-dir") { Description = "Folder for every demo output (replaced on each demo run).", DefaultValueFactory = _ => Defaults.WorkDirectory };
        var images = new Option<int>("--images") { Description = "Number of scenes to generate.", DefaultValueFactory = _ => Defaults.Images };
        var perShard = new Option<int>("--samples-per-shard") { Description = "Rows per shard.", DefaultValueFactory = _ => Defaults.SamplesPerShard };
        var seed = new Option<int>("--seed") { Description = "Scene generator seed.", DefaultValueFactory = _ => Defaults.Seed };
        var model = new Option<string?>("--model") { Description = $"Captioning model folder (default: the shipped {ShippedCaptioner.RelativePath})." };
        var trainSteps = new Option<int>("--train-steps") { Description = "Optimizer steps of the demo's tiny DiT.", DefaultValueFactory = _ => Defaults.TrainSteps };
        var command = new Command("demo", "Generate a small sample, serve it over loopback HTTP and run every stage on it, printing where each output is.")
        {
            workDir, images, perShard, seed, model, trainSteps,
        };
        command.SetAction(async (parse, ct) =>
        {
            var options = new DemoOptions
            {
                WorkDirectory = parse.GetValue(workDir)!,
                Images = parse.GetValue(images),
                SamplesPerShard = parse.GetValue(perShard),
                Seed = parse.GetValue(seed),
                TrainSteps = parse.GetValue(trainSteps),
                ModelDirectory = parse.GetValue(model),
            };
            if (options.Images < 1 || options.SamplesPerShard < 1 || options.TrainSteps < 1)
            {
                throw new OptionsValidationException("--images/--samples-per-shard/--train-steps", "must be at least 1");
            }

            var runner = new DemoRunner(options, context.LoggerFactory);
            var report = await context.RunWithProgressAsync("demo", p => runner.RunAsync(p, ct)).ConfigureAwait(false);
            // On a terminal each path gets a line of its own (a table cell would wrap a long path mid-name); off it,
            // "what: path" lines stay as tools read them.
            foreach (var (what, path) in report.Outputs)
            {
                await context.Output.WriteLineAsync(context.Interactive ? $"{what}:\n  {path}" : $"{what}: {path}").ConfigureAwait(false);
            }

            if (report.Table1Markdown is not null)
            {
                await context.Output.WriteLineAsync().ConfigureAwait(false);
                await context.Output.WriteLineAsync(report.Table1Markdown).ConfigureAwait(false);
            }

            for (var i = 0; i < report.Examples.Count; i++)
            {
                var example = report.Examples[i];
                await context.Output.WriteLineAsync($"\nexample {i + 1} ({example.Key})\n  alt-text: {example.AltText}\n  dense:    {example.DenseCaption}").ConfigureAwait(false);
            }

            await context.Output.WriteLineAsync().ConfigureAwait(false);
            context.Console.WriteLine(string.Join("  ", report.Numbers.Select(n => $"{n.Label}: {n.Value}")));
            return ExitCodes.Ok;
        });
        return command;
    }
}
