using System.Diagnostics;
using System.Globalization;
using DataForge.Core.Errors;
using DataForge.Core.Native;
using DataForge.Core.Progress;
using DataForge.ShapeWorld.Captioning;
using DataForge.ShapeWorld.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DataForge.ShapeWorld.Vae;

/// <summary>
/// Trains <see cref="ShapeVaeModel"/> on generated scenes, then measures its latent scale, held-out PSNR and detector ceiling and exports
/// it. Step <c>s</c> uses scenes <c>s·B … s·B+B-1</c> (modulo the training-set size) and draws its posterior noise
/// from a generator seeded with (seed, s), so a resumed run computes exactly what an uninterrupted one would. Loss:
/// mean L1 + mean L2 over pixels in [−1, 1] plus <see cref="VaeTrainOptions.KlWeight"/> × the mean KL to N(0, 1).
/// AdamW, warm-up and cosine decay, gradients clipped at 1; one dispose scope per step.
/// </summary>
public static class VaeTrainer
{
    private const string StageName = "train-vae";
    private const int LossWindow = 50;

    /// <summary>Trains (or resumes), measures and exports.</summary>
    /// <param name="options">The run.</param>
    /// <param name="progress">Receives one report per step.</param>
    /// <param name="cancellationToken">Stops after the current step, writing a checkpoint first.</param>
    /// <returns>What was trained and how well it reconstructs.</returns>
    /// <exception cref="OptionsValidationException">The options are unusable or disagree with the run folder's.</exception>
    /// <exception cref="OperationCanceledException">Cancelled; the checkpoint is written.</exception>
    public static VaeTrainResult Train(VaeTrainOptions options, IProgress<StageProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Problem() is { } problem)
        {
            throw new OptionsValidationException(StageName, problem);
        }

        CaptionerTorch.EnsureLoaded();
        if (options.Parallelism > 0)
        {
            torch.set_num_threads(options.Parallelism);
        }

        var run = options.ResolvedRunDirectory;
        var checkpoints = new RunCheckpoints(Path.Combine(run, "checkpoints"));
        Directory.CreateDirectory(checkpoints.Directory);
        var state = new VaeRunState
        {
            Seed = options.Seed, Steps = options.Steps, BatchSize = options.BatchSize, TrainScenes = options.TrainScenes,
            LearningRate = options.LearningRate, KlWeight = options.KlWeight, Network = options.Network,
        };
        var latest = checkpoints.Latest;
        if (latest is not null)
        {
            var saved = RunCheckpoints.ReadState<VaeRunState>(latest);
            if (saved with { Step = 0, RecentLoss = 0, RecentReconstruction = 0, Seconds = 0 } != state)
            {
                throw new OptionsValidationException(StageName, $"{run} holds a run started with other settings (seed {saved.Seed}, {saved.Steps} steps, batch {saved.BatchSize}, {saved.TrainScenes} scenes, lr {saved.LearningRate}, KL weight {saved.KlWeight}, network {saved.Network}); use another run folder or the same settings");
            }

            state = saved;
        }

        torch.manual_seed(options.Seed);
        using var model = new ShapeVaeModel(options.Network);
        using var optimizer = torch.optim.AdamW(model.parameters(), options.LearningRate, 0.9, 0.99, 1e-8, 0.0);
        if (latest is not null)
        {
            RunCheckpoints.Load(latest, model, optimizer);
        }

        var generator = new ShapeWorldGenerator(options.Seed);
        var startStep = state.Step;
        var losses = new Queue<(double Total, double Reconstruction)>();
        var firstLoss = double.NaN;
        var clock = Stopwatch.StartNew();
        var secondsBefore = state.Seconds;
        using (var log = new StreamWriter(Path.Combine(run, "loss.tsv"), append: true))
        {
            Task<float[]>? next = null;
            for (var step = startStep; step < options.Steps; step++)
            {
                var pixels = next?.GetAwaiter().GetResult() ?? Batch(generator, step, options);
                var following = step + 1;
                // The next batch renders on another core while this step trains.
                next = following < options.Steps ? Task.Run(() => Batch(generator, following, options), CancellationToken.None) : null;
                var lr = RunCheckpoints.LearningRate(step, options.LearningRate, options.WarmupSteps, options.Steps);
                foreach (var group in optimizer.ParamGroups)
                {
                    group.LearningRate = lr;
                }

                double loss, reconstruction;
                using (GcQuietRegion.Enter())
                {
                    (loss, reconstruction) = TrainStep(model, optimizer, pixels, options, step);
                }

                firstLoss = double.IsNaN(firstLoss) ? loss : firstLoss;
                losses.Enqueue((loss, reconstruction));
                if (losses.Count > LossWindow)
                {
                    losses.Dequeue();
                }

                log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{step + 1}\t{loss:F5}\t{reconstruction:F5}\t{lr:E3}\t{clock.Elapsed.TotalSeconds + secondsBefore:F1}"));
                state = state with
                {
                    Step = step + 1, RecentLoss = losses.Average(l => l.Total), RecentReconstruction = losses.Average(l => l.Reconstruction),
                    Seconds = secondsBefore + clock.Elapsed.TotalSeconds,
                };
                progress?.Report(new StageProgress(StageName, "steps", step + 1 - startStep, options.Steps - startStep, $"step {step + 1}/{options.Steps}",
                    new Dictionary<string, double> { ["loss"] = state.RecentLoss, ["lr"] = lr }));
                var cancelled = cancellationToken.IsCancellationRequested;
                if ((step + 1) % options.CheckpointEvery == 0 || step + 1 == options.Steps || cancelled)
                {
                    log.Flush();
                    checkpoints.Save(state.Step, model, optimizer, state);
                }

                if (cancelled)
                {
                    next?.Wait(CancellationToken.None);
                    cancellationToken.ThrowIfCancellationRequested();
                }
            }
        }

        model.eval();
        var scale = VaeEvaluation.MeasureScale(model, generator, options.ScaleScenes, options.Seed);
        var heldOut = VaeEvaluation.HeldOut(model, generator, options.EvalScenes);
        var made = new VaeProvenance(state, scale, heldOut);
        VaeOnnxExporter.Export(model, scale, options.Output, made);
        return new VaeTrainResult(Path.GetFullPath(options.Output), startStep, state.Step, firstLoss, state.RecentLoss, state.RecentReconstruction,
            state.Seconds, scale, heldOut);
    }

    private static float[] Batch(ShapeWorldGenerator generator, int step, VaeTrainOptions options) =>
        VaePixels.Batch(generator, [.. Enumerable.Range(0, options.BatchSize).Select(i => (((long)step * options.BatchSize) + i) % options.TrainScenes)]);

    private static (double Total, double Reconstruction) TrainStep(ShapeVaeModel model, AdamW optimizer, float[] pixels, VaeTrainOptions options, int step)
    {
        using var scope = NewDisposeScope();
        var size = options.Network.ImageSize;
        var x = tensor(pixels, [options.BatchSize, 3, size, size]);
        var (mean, logVar) = Posterior(model.Encode(x));
        using var noise = new Generator((ulong)((long)options.Seed * 1_000_003L + step));
        var z = mean + (exp(0.5 * logVar) * randn(mean.shape, generator: noise));
        var diff = model.Decode(z) - x;
        var reconstruction = diff.abs().mean() + diff.square().mean();
        var kl = 0.5 * (mean.square() + logVar.exp() - 1 - logVar).mean();
        var loss = reconstruction + (options.KlWeight * kl);
        optimizer.zero_grad();
        loss.backward();
        nn.utils.clip_grad_norm_(model.parameters(), 1.0);
        optimizer.step();
        return (loss.item<float>(), reconstruction.item<float>());
    }

    /// <summary>Splits encoder output into mean and log-variance, clamping the latter as diffusers does.</summary>
    /// <param name="parameters">(B, 2C, h, w).</param>
    /// <returns>Mean and log-variance.</returns>
    internal static (Tensor Mean, Tensor LogVar) Posterior(Tensor parameters)
    {
        var halves = parameters.chunk(2, 1);
        return (halves[0], halves[1].clamp(-30, 20));
    }
}
