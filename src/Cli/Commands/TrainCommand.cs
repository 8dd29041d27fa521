using System.CommandLine;
using DataForge.Core.Errors;
using DataForge.Trainer.Checkpoints;
using DataForge.Trainer.Training;

namespace DataForge.Cli.Commands;

/// <summary><c>dataforge train</c>: train the PixArt-α DiT on feature shards with a stage configuration file.</summary>
public static class TrainCommand
{
    /// <summary>Creates the command.</summary>
    /// <param name="context">CLI context.</param>
    /// <returns>The command.</returns>
    public static Command Create(CliContext context)
    {
        var config = new Option<string>("--config") { Description = "Stage configuration (configs/pixart/*.json).", Required = true };
        var features = new Option<string>("--input", "-i") { Description = "Folder of feature shards from 'dataforge extract-features'.", Required = true };
        var output = new Option<string>("--output", "-o") { Description = "Run folder: checkpoints, metrics.jsonl/csv, loss_curve.png.", DefaultValueFactory = _ => "train-run" };
        var steps = new Option<long?>("--steps") { Description = "Override the configuration's max_steps." };
        var batch = new Option<int?>("--batch-size") { Description = "Override the configuration's batch_size." };
        var lr = new Option<double?>("--lr") { Description = "Override the configuration's learning_rate." };
        var checkpointEvery = new Option<int?>("--checkpoint-every") { Description = "Override the configuration's checkpoint_every." };
        var seed = new Option<int?>("--seed") { Description = "Override the configuration's seed." };
        var initDit = new Option<string?>("--init-dit") { Description = "Start a fresh run from a DiT ImageNet checkpoint (.pt/.safetensors), re-parameterised at t = 500." };
        var init = new Option<string?>("--init") { Description = "Start a fresh run from a PixArt checkpoint: an earlier stage's run or checkpoint folder (256 → 512 → 1024-MS), the official .pth, safetensors, or a diffusers folder. Positions are recomputed; MS embedders it lacks keep their initialisation." };
        var initEma = new Option<bool>("--init-ema") { Description = "Take --init's EMA weights instead of its raw ones (the official load_from takes the raw ones)." };
        var ditNullClass = new Option<NullClassCondition>("--dit-null-class") { Description = "What 'DiT without c' means for --init-dit: NullClassEmbedding (DiT's CFG null class) or Zero (no class embedding).", DefaultValueFactory = _ => NullClassCondition.NullClassEmbedding };
        var streaming = new Option<bool>("--streaming") { Description = "Stream feature shards (shuffled shard order, shuffle buffer, background prefetch) instead of loading them into memory." };
        var shuffleBuffer = new Option<int>("--shuffle-buffer") { Description = "Samples in the streaming shuffle buffer.", DefaultValueFactory = _ => new TrainOptions().ShuffleBuffer };
        var noResume = new Option<bool>("--no-resume") { Description = "Ignore existing checkpoints in the run folder." };
        var command = new Command("train", "Train the PixArt-α DiT (IDDPM loss, AdamW, EMA) on feature shards; resumes from the run folder's latest checkpoint.")
        {
            config, features, output, steps, batch, lr, checkpointEvery, seed, initDit, ditNullClass, init, initEma, streaming, shuffleBuffer, noResume,
        };
        command.SetAction(async (parse, ct) =>
        {
            var file = TrainConfigFile.Load(parse.GetValue(config)!);
            var options = file.ToOptions(parse.GetValue(output)!);
            options.MaxSteps = parse.GetValue(steps) ?? options.MaxSteps;
            options.BatchSize = parse.GetValue(batch) ?? options.BatchSize;
            options.LearningRate = parse.GetValue(lr) ?? options.LearningRate;
            options.CheckpointEvery = parse.GetValue(checkpointEvery) ?? options.CheckpointEvery;
            options.Seed = parse.GetValue(seed) ?? options.Seed;
            options.InitialDitCheckpoint = parse.GetValue(initDit);
            options.DitNullClass = parse.GetValue(ditNullClass);
            options.InitialCheckpoint = parse.GetValue(init);
            options.InitialCheckpointEma = parse.GetValue(initEma);
            options.Streaming = parse.GetValue(streaming);
            options.ShuffleBuffer = parse.GetValue(shuffleBuffer);
            options.Resume = !parse.GetValue(noResume);
            options.Validate();
            var dataset = await TrainingData.OpenAsync(parse.GetValue(features)!, options, ct).ConfigureAwait(false);
            var trainer = new PixArtTrainer(options, context.LoggerFactory.CreateLogger("train"));
            var result = await context.RunWithProgressAsync("train", p => Task.Run(() => trainer.Run(dataset, p, ct), ct)).ConfigureAwait(false);
            foreach (var (what, path) in new[] { ("checkpoint", result.Checkpoint), ("metrics", result.MetricsJsonl), ("metrics (CSV)", result.MetricsCsv), ("loss curve", result.LossCurve) })
            {
                await context.Output.WriteLineAsync($"{what}: {path}").ConfigureAwait(false);
            }

            return result.Steps.Any(s => s.Skipped) ? ExitCodes.FailedRows : ExitCodes.Ok;
        });
        return command;
    }
}
