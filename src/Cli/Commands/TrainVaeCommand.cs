using System.CommandLine;
using System.Globalization;
using DataForge.Core.Errors;
using DataForge.ShapeWorld.Vae;

namespace DataForge.Cli.Commands;

/// <summary><c>dataforge shapeworld train-vae</c>: train the tiny KL-VAE on shape-world scenes and export it for <c>extract-features</c> and <c>sample</c>.</summary>
public static class TrainVaeCommand
{
    private static readonly VaeTrainOptions Defaults = new();

    /// <summary>Creates the command.</summary>
    /// <param name="context">CLI context.</param>
    /// <returns>The command.</returns>
    public static Command Create(CliContext context)
    {
        var output = new Option<string>("--output", "-o") { Description = "Model folder to export to (vae_encoder/, vae_decoder/; 'extract-features --model' and 'sample --model' read it).", Required = true };
        var runDir = new Option<string?>("--run-dir") { Description = "Checkpoints and loss log; a rerun with the same settings resumes from it (default: <output>.run)." };
        var seed = new Option<int>("--seed") { Description = "Seed of the scene generator, the weight initialisation and the posterior noise.", DefaultValueFactory = _ => Defaults.Seed };
        var steps = new Option<int>("--steps") { Description = "Optimizer steps.", DefaultValueFactory = _ => Defaults.Steps };
        var batch = new Option<int>("--batch-size") { Description = "Scenes per step.", DefaultValueFactory = _ => Defaults.BatchSize };
        var scenes = new Option<long>("--train-scenes") { Description = "Distinct training scenes (generator indices 0..N-1) the steps cycle through.", DefaultValueFactory = _ => Defaults.TrainScenes };
        var lr = new Option<double>("--learning-rate") { Description = "Peak learning rate (linear warm-up, cosine decay to a tenth).", DefaultValueFactory = _ => Defaults.LearningRate };
        var kl = new Option<double>("--kl-weight") { Description = "Weight of the mean KL term against the mean L1 + L2 reconstruction loss.", DefaultValueFactory = _ => Defaults.KlWeight };
        var checkpointEvery = new Option<int>("--checkpoint-every") { Description = "Steps between checkpoints (one is also written at the end and on Ctrl+C).", DefaultValueFactory = _ => Defaults.CheckpointEvery };
        var evalScenes = new Option<int>("--eval-scenes") { Description = "Held-out scenes (from index 10,000,000) the reconstruction PSNR and the shape detector's accuracy on reconstructions (the ceiling for any DiT decoding through this VAE) are measured on.", DefaultValueFactory = _ => Defaults.EvalScenes };
        var parallelism = new Option<int>("--parallelism", "-j") { Description = "Torch CPU threads (0: TorchSharp's default).", DefaultValueFactory = _ => Defaults.Parallelism };
        var decoderInner = new Option<int?>("--decoder-inner-channels") { Description = "Decoder channels at 8x8 and 16x16 (default: the encoder's 64); a wider decoder draws sharper edges." };
        var decoderOuter = new Option<int?>("--decoder-outer-channels") { Description = "Decoder channels at 32x32 and 64x64 (default: the encoder's 16)." };
        var command = new Command("train-vae", "Train the shape-world KL-VAE (64x64 -> 8x8x4 latents) on generated scenes, scale its latents to unit variance and export it for 'extract-features' and 'sample'.")
        {
            output, runDir, seed, steps, batch, scenes, lr, kl, checkpointEvery, evalScenes, parallelism, decoderInner, decoderOuter,
        };
        command.SetAction(async (parse, ct) =>
        {
            var options = new VaeTrainOptions
            {
                Output = parse.GetValue(output)!,
                RunDirectory = parse.GetValue(runDir),
                Seed = parse.GetValue(seed),
                Steps = parse.GetValue(steps),
                BatchSize = parse.GetValue(batch),
                TrainScenes = parse.GetValue(scenes),
                LearningRate = parse.GetValue(lr),
                KlWeight = parse.GetValue(kl),
                CheckpointEvery = parse.GetValue(checkpointEvery),
                EvalScenes = parse.GetValue(evalScenes),
                Parallelism = parse.GetValue(parallelism),
                Network = new VaeConfig { DecoderInnerChannels = parse.GetValue(decoderInner), DecoderOuterChannels = parse.GetValue(decoderOuter) },
            };
            var result = await context.RunWithProgressAsync("train-vae", p => Task.Run(() => VaeTrainer.Train(options, p, ct), ct)).ConfigureAwait(false);
            await context.Output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"trained steps {result.StartStep}..{result.Steps} in {result.Seconds:F0} s; final loss {result.FinalLoss:F4} (reconstruction {result.FinalReconstruction:F4}); latent std {result.Scale.MeasuredStd:F4} -> multiplier {result.Scale.Multiplier:F4}; held-out PSNR {result.HeldOut.Psnr:F2} dB, detector ceiling {result.HeldOut.CorrectObjects}/{result.HeldOut.VisibleObjects} objects = {result.HeldOut.ObjectAccuracy:P1}, {result.HeldOut.ExactImages}/{result.HeldOut.Scenes} images exact = {result.HeldOut.ImageAccuracy:P1} on {result.HeldOut.Scenes} scenes; model: {result.ModelDirectory}"))
                .ConfigureAwait(false);
            return ExitCodes.Ok;
        });
        return command;
    }
}
