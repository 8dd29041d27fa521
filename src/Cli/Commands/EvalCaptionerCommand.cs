using System.CommandLine;
using System.Globalization;
using DataForge.Captioner;
using DataForge.Captioner.Generation;
using DataForge.Captioner.Imaging;
using DataForge.Captioner.Models;
using DataForge.Core.Errors;
using DataForge.ShapeWorld;
using DataForge.ShapeWorld.Captioning;

namespace DataForge.Cli.Commands;

/// <summary>
/// <c>dataforge shapeworld eval-captioner</c>: caption held-out shape-world scenes through the Captioner's own loading,
/// preprocessing (the scene's PNG) and generation code, parse the captions back into scene graphs and score them.
/// </summary>
public static class EvalCaptionerCommand
{
    /// <summary>Creates the command.</summary>
    /// <param name="context">CLI context.</param>
    /// <returns>The command.</returns>
    public static Command Create(CliContext context)
    {
        var model = new Option<string>("--model") { Description = "Captioner model folder (e.g. models/shapeworld-captioner).", Required = true };
        var count = new Option<int>("--count") { Description = "Held-out scenes to caption (indices from 10,000,000 on, never trained on).", DefaultValueFactory = _ => 1000 };
        var seed = new Option<int>("--seed") { Description = "Scene generator seed (the one the model was trained with).", DefaultValueFactory = _ => 0 };
        var batch = new Option<int>("--batch-size") { Description = "Scenes per generation batch.", DefaultValueFactory = _ => 16 };
        var parallelism = new Option<int>("--parallelism", "-j") { Description = "ONNX Runtime intra-op threads (0: its default).", DefaultValueFactory = _ => 0 };
        var examples = new Option<int>("--examples") { Description = "Captions to print next to their scene's gold caption.", DefaultValueFactory = _ => 3 };
        var command = new Command("eval-captioner", "Measure a captioner on held-out scenes: object precision/recall/F1, colour, size, position, count and relation accuracy of its parsed captions.")
        {
            model, count, seed, batch, parallelism, examples,
        };
        command.SetAction(async (parse, ct) =>
        {
            var (n, b, j) = (parse.GetValue(count), parse.GetValue(batch), parse.GetValue(parallelism));
            if (n < 1 || b < 1 || j < 0)
            {
                throw new OptionsValidationException("--count/--batch-size/-j", "count and batch size must be at least 1, -j not negative");
            }

            using var vlm = VisionLanguageModel.Load(parse.GetValue(model)!, new ModelLoadOptions { ExecutionProvider = ExecutionProviderKind.Cpu, IntraOpThreads = j });
            var preprocessor = new ImagePreprocessor(vlm.Config.Preprocessor);
            var prompt = vlm.EncodePrompt(CaptionPrompts.PixArtPaper);
            var generation = new GenerationOptions();
            IReadOnlyList<string> Caption(IReadOnlyList<ShapeWorldScene> scenes) =>
                [.. vlm.Generate([.. scenes.Select(s => new GenerationRequest(s.Index.ToString(CultureInfo.InvariantCulture), prompt, preprocessor.Preprocess(s.EncodePng())))], generation, ct)
                    .Select(r => r.Text ?? "")];
            var started = System.Diagnostics.Stopwatch.StartNew();
            var (report, captions) = await context.RunWithProgressAsync("eval-captioner", p => Task.Run(
                () => CaptionerQualityEvaluation.Run(parse.GetValue(seed), n, b, Caption, p, ct), ct)).ConfigureAwait(false);
            await context.Output.WriteLineAsync(report.ToMarkdown()).ConfigureAwait(false);
            await context.Output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"\n{n} held-out scenes captioned in {started.Elapsed.TotalSeconds:F1} s")).ConfigureAwait(false);
            foreach (var (scene, text) in captions.Take(parse.GetValue(examples)))
            {
                await context.Output.WriteLineAsync($"\nscene {scene.Index}\n  gold:  {scene.DenseCaption}\n  model: {text}").ConfigureAwait(false);
            }

            return ExitCodes.Ok;
        });
        return command;
    }
}
