using System.CommandLine;
using DataForge.Core.Errors;
using DataForge.ShapeWorld.TextEncoder;

namespace DataForge.Cli.Commands;

/// <summary><c>dataforge shapeworld train-text-encoder</c>: build the frozen shape-world text encoder in the T5 layout.</summary>
public static class TrainTextEncoderCommand
{
    private static readonly TextEncoderBuildOptions Defaults = new();

    /// <summary>Creates the command.</summary>
    /// <param name="context">CLI context.</param>
    /// <returns>The command.</returns>
    public static Command Create(CliContext context)
    {
        var output = new Option<string>("--output", "-o") { Description = "Model folder to export to (text_encoder/, tokenizer/; 'extract-features --model' and 'sample --model' read it as T5).", Required = true };
        var seed = new Option<int>("--seed") { Description = "Seed of the frozen weights and of the scenes whose captions make the vocabulary.", DefaultValueFactory = _ => Defaults.Seed };
        var scenes = new Option<int>("--vocabulary-scenes") { Description = "Training scenes whose dense captions and alt-text are scanned for the vocabulary.", DefaultValueFactory = _ => Defaults.VocabularyScenes };
        var command = new Command("train-text-encoder", "Build the shape-world text encoder (word vocabulary of the world's captions, a tiny transformer with seeded, frozen weights; not trained) and export it in the T5 layout 'extract-features' reads.")
        {
            output, seed, scenes,
        };
        command.SetAction(async (parse, ct) =>
        {
            var options = new TextEncoderBuildOptions { Output = parse.GetValue(output)!, Seed = parse.GetValue(seed), VocabularyScenes = parse.GetValue(scenes) };
            var (directory, words) = await Task.Run(() => TextEncoderBuilder.Build(options, ct), ct).ConfigureAwait(false);
            await context.Output.WriteLineAsync($"text encoder ({words} words, hidden size {options.Network.Dim}, seed {options.Seed}, frozen): {directory}").ConfigureAwait(false);
            return ExitCodes.Ok;
        });
        return command;
    }
}
