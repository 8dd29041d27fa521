using System.CommandLine;
using System.Globalization;
using DataForge.Core.Errors;
using DataForge.ShapeWorld;
using DataForge.ShapeWorld.Captioning;

namespace DataForge.Cli.Commands;

/// <summary><c>dataforge shapeworld train-captioner</c>: train the tiny LLaVA-layout captioner on shape-world scenes and export it.</summary>
public static class TrainCaptionerCommand
{
    private static readonly CaptionerTrainOptions Defaults = new();

    /// <summary>Creates the command.</summary>
    /// <param name="context">CLI context.</param>
    /// <returns>The command.</returns>
    public static Command Create(CliContext context)
    {
        var output = new Option<string>("--output", "-o") { Description = "Model folder to export to (onnx-community layout; 'dataforge caption --model' loads it).", Required = true };
        var runDir = new Option<string?>("--run-dir") { Description = "Checkpoints, vocabulary and loss log; a rerun with the same settings resumes from it (default: <output>.run)." };
        var seed = new Option<int>("--seed") { Description = "Seed of the scene generator and of the weight initialisation.", DefaultValueFactory = _ => Defaults.Seed };
        var steps = new Option<int>("--steps") { Description = "Optimizer steps.", DefaultValueFactory = _ => Defaults.Steps };
        var batch = new Option<int>("--batch-size") { Description = "Scenes per step.", DefaultValueFactory = _ => Defaults.BatchSize };
        var scenes = new Option<long>("--train-scenes") { Description = "Distinct training scenes (generator indices 0..N-1) the steps cycle through.", DefaultValueFactory = _ => Defaults.TrainScenes };
        var lr = new Option<double>("--learning-rate") { Description = "Peak learning rate (linear warm-up, cosine decay to a tenth).", DefaultValueFactory = _ => Defaults.LearningRate };
        var cellLoss = new Option<double>("--cell-loss-weight") { Description = "Weight of the vision tower's per-cell scene-graph loss (shape, colour, size of the object in each grid cell; a training-only head) beside the caption loss; 0 trains on captions alone.", DefaultValueFactory = _ => Defaults.CellLossWeight };
        var checkpointEvery = new Option<int>("--checkpoint-every") { Description = "Steps between checkpoints (one is also written at the end and on Ctrl+C).", DefaultValueFactory = _ => Defaults.CheckpointEvery };
        var parallelism = new Option<int>("--parallelism", "-j") { Description = "Torch CPU threads (0: TorchSharp's default).", DefaultValueFactory = _ => Defaults.Parallelism };
        var exportLatest = new Option<bool>("--export-latest") { Description = "Do not train: export the run folder's latest checkpoint (e.g. of a run stopped early) to --output." };
        var command = new Command("train-captioner", "Train the shape-world captioner (CNN image tokens → projector → small decoder LM) on generated scenes and their dense captions, then export it for 'dataforge caption'.")
        {
            output, runDir, seed, steps, batch, scenes, lr, cellLoss, checkpointEvery, parallelism, exportLatest,
        };
        command.SetAction(async (parse, ct) =>
        {
            var options = new CaptionerTrainOptions
            {
                Output = parse.GetValue(output)!,
                RunDirectory = parse.GetValue(runDir),
                Seed = parse.GetValue(seed),
                Steps = parse.GetValue(steps),
                BatchSize = parse.GetValue(batch),
                TrainScenes = parse.GetValue(scenes),
                LearningRate = parse.GetValue(lr),
                CellLossWeight = parse.GetValue(cellLoss),
                CheckpointEvery = parse.GetValue(checkpointEvery),
                Parallelism = parse.GetValue(parallelism),
            };
            if (options.TrainScenes > ShapeWorldGenerator.HeldOutStart)
            {
                throw new OptionsValidationException("--train-scenes", $"{options.TrainScenes} would reach the held-out scenes from index {ShapeWorldGenerator.HeldOutStart}");
            }

            var generator = new ShapeWorldGenerator(options.Seed);
            var result = parse.GetValue(exportLatest) ? CaptionerTrainer.ExportLatest(options.ResolvedRunDirectory, options.Output) : await context.RunWithProgressAsync("train-captioner", p => Task.Run(
                () => CaptionerTrainer.Train(options, ShapeWorldCaptionPairs.From(generator), p, ct), ct)).ConfigureAwait(false);
            await context.Output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"trained steps {result.StartStep}..{result.Steps} ({result.Scenes} scenes seen, {result.VocabularySize} words) in {result.Seconds:F0} s; final loss {result.FinalLoss:F4}; model: {result.ModelDirectory}"))
                .ConfigureAwait(false);
            return ExitCodes.Ok;
        });
        return command;
    }
}
