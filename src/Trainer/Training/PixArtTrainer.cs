using DataForge.Core.Native;
using DataForge.Core.Progress;
using DataForge.Trainer.Data;
using DataForge.Trainer.Diffusion;
using DataForge.Trainer.Model;
using DataForge.Trainer.Runtime;
using Microsoft.Extensions.Logging;
using TorchSharp;
using static TorchSharp.torch;

namespace DataForge.Trainer.Training;

/// <summary>
/// The training loop: for each optimizer step, accumulate micro-batches (latents re-sampled from the stored VAE
/// posterior, uniform timesteps, caption dropout to the null caption, IDDPM loss), clip, guard against NaN/Inf,
/// step AdamW with warmup, update the EMA, log, and checkpoint atomically. Every random draw comes from one
/// seeded generator whose state is checkpointed with the data cursor, so a resumed run repeats the
/// uninterrupted run's trajectory exactly.
/// </summary>
public sealed partial class PixArtTrainer
{
    private readonly TrainOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;

    /// <summary>Creates the trainer.</summary>
    /// <param name="options">Options (validated here).</param>
    /// <param name="logger">Logger.</param>
    /// <param name="time">Clock for throughput.</param>
    public PixArtTrainer(TrainOptions options, ILogger logger, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _logger = logger;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>Trains until <see cref="TrainOptions.MaxSteps"/>, resuming from the latest checkpoint when allowed.</summary>
    /// <param name="dataset">Training features.</param>
    /// <param name="progress">Progress sink (steps).</param>
    /// <param name="cancellationToken">Stops between steps; the last checkpoint stays valid.</param>
    /// <returns>The run's result.</returns>
    public TrainResult Run(ITrainingDataset dataset, IProgress<StageProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        return Run(new SampledEpochBatches(dataset, _options.BatchSize, _options.Seed), progress, cancellationToken);
    }

    /// <summary>Trains until <see cref="TrainOptions.MaxSteps"/> on batches from any source (in memory or streamed).</summary>
    /// <param name="data">The epochs' batches.</param>
    /// <param name="progress">Progress sink (steps).</param>
    /// <param name="cancellationToken">Stops between steps; the last checkpoint stays valid.</param>
    /// <returns>The run's result.</returns>
    public TrainResult Run(IEpochBatches data, IProgress<StageProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        TorchRuntime.EnsureLoaded();
        Directory.CreateDirectory(_options.OutputDirectory);
        var store = new CheckpointStore(_options.OutputDirectory);
        manual_seed(_options.Seed);
        var resumeFrom = _options.Resume ? store.Latest : null;
        using var model = CreateModel(resumeFrom);
        using var ema = new ExponentialMovingAverage(model, _options.EmaRate);
        var parameters = model.parameters().ToList();
        using var optimizer = optim.AdamW(parameters, _options.LearningRate, 0.9, 0.999, _options.AdamEpsilon, _options.WeightDecay);
        using var generator = new Generator((ulong)_options.Seed);
        var state = new TrainingState { Config = _options.Model, Data = data.Fingerprint };
        var checkpoint = resumeFrom;
        if (checkpoint is not null)
        {
            state = Restore(checkpoint, model, ema, optimizer, generator);
            if (state.Data is not null && state.Data != data.Fingerprint)
            {
                throw new Core.Errors.OptionsValidationException("--input", $"the feature data or its batch order (rows, buckets, batch size, seed, --streaming, --shuffle-buffer) differs from what {checkpoint} was trained on ({state.Data}, now {data.Fingerprint}); a resumed run would not see the batches the uninterrupted run would have. Use the same data and settings, or --no-resume / a new run folder");
            }

            state.Data = data.Fingerprint;
            LogResumed(_logger, checkpoint, state.Step);
        }

        var diffusion = new GaussianDiffusion(new NoiseSchedule());
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var epochBatches = data.Epoch(state.Epoch, state.BatchInEpoch, linked.Token).GetEnumerator();
        var log = new MetricsLog(_options.OutputDirectory, state.Step);
        var rate = LearningRateSchedule.Scaled(_options.LearningRate, _options.BatchSize * _options.GradientAccumulation, _options.SqrtBatchScaling);
        var steps = new List<StepMetrics>();
        model.train();
        var checkpointedStep = state.Step;
        string SaveCheckpoint()
        {
            state.RngState = Convert.ToBase64String(generator.get_state().data<byte>().ToArray());
            checkpointedStep = state.Step;
            return store.Save(model, ema.Model, optimizer, state);
        }

        // Interrupted (Ctrl+C, SIGTERM, Slurm's USR1): keep every finished step, not only those up to the last
        // checkpoint_every boundary.
        void CheckpointInterrupted()
        {
            if (state.Step > checkpointedStep)
            {
                checkpoint = SaveCheckpoint();
                LogInterrupted(_logger, checkpoint, state.Step);
            }
        }

        // The data source watches the same token, so a signal landing between the loop's check and the first batch
        // of a step surfaces here; nothing of the step has run yet (batch position and RNG untouched), so the finished
        // steps are checkpointed exactly as at the loop's check. Later micro-batches have consumed data and noise, and
        // keep failing without a checkpoint, as before.
        bool NextBatch(int micro)
        {
            try
            {
                return epochBatches.MoveNext();
            }
            catch (OperationCanceledException) when (micro == 0 && cancellationToken.IsCancellationRequested)
            {
                CheckpointInterrupted();
                throw;
            }
        }

        try
        {
            while (state.Step < _options.MaxSteps)
            {
                if (cancellationToken.IsCancellationRequested)
                {
                    CheckpointInterrupted();
                    cancellationToken.ThrowIfCancellationRequested();
                }

                var started = _time.GetTimestamp();
                double loss = 0, mse = 0, vlb = 0;
                for (var micro = 0; micro < _options.GradientAccumulation; micro++)
                {
                    if (!NextBatch(micro))
                    {
                        epochBatches.Dispose();
                        state.Epoch++;
                        state.BatchInEpoch = 0;
                        epochBatches = data.Epoch(state.Epoch, 0, linked.Token).GetEnumerator();
                        if (!epochBatches.MoveNext())
                        {
                            throw new Core.Errors.DataForgeException($"no aspect bucket holds {_options.BatchSize} samples; lower --batch-size or add data");
                        }
                    }

                    state.BatchInEpoch++;
                    (double Loss, double Mse, double Vlb) terms;
                    using (GcQuietRegion.Enter())
                    {
                        terms = MicroStep(model, diffusion, epochBatches.Current, generator);
                    }

                    loss += terms.Loss / _options.GradientAccumulation;
                    mse += terms.Mse / _options.GradientAccumulation;
                    vlb += terms.Vlb / _options.GradientAccumulation;
                }

                var gradNorm = nn.utils.clip_grad_norm_(parameters, _options.GradientClip > 0 ? _options.GradientClip : double.MaxValue);
                var lr = LearningRateSchedule.At(rate, state.Step, _options.WarmupSteps);
                foreach (var group in optimizer.ParamGroups)
                {
                    group.LearningRate = lr;
                }

                var skipped = !double.IsFinite(loss) || !double.IsFinite(gradNorm);
                if (skipped)
                {
                    state.SkippedSteps++;
                    LogSkipped(_logger, state.Step + 1, loss, gradNorm);
                }
                else
                {
                    using var quiet = GcQuietRegion.Enter();
                    optimizer.step();
                    ema.Update();
                }

                optimizer.zero_grad();
                state.Step++;
                var seconds = _time.GetElapsedTime(started).TotalSeconds;
                var metrics = new StepMetrics
                {
                    Step = state.Step, Loss = loss, Mse = mse, Vlb = vlb, GradNorm = gradNorm, LearningRate = lr, Skipped = skipped,
                    ImagesPerSecond = seconds > 0 ? _options.BatchSize * _options.GradientAccumulation / seconds : 0,
                };
                log.Append(metrics);
                steps.Add(metrics);
                progress?.Report(new StageProgress("train", "steps", state.Step, _options.MaxSteps, null, new Dictionary<string, double>
                {
                    ["loss"] = loss,
                    ["images/s"] = metrics.ImagesPerSecond,
                }));
                if (state.Step % _options.CheckpointEvery == 0 || state.Step == _options.MaxSteps)
                {
                    checkpoint = SaveCheckpoint();
                }
            }
        }
        finally
        {
            // Stops a streaming source's background reader before its enumerator is released.
            linked.Cancel();
            epochBatches.Dispose();
        }

        var lossCurve = Path.Combine(_options.OutputDirectory, "loss_curve.png");
        LossCurvePlot.Write(MetricsLog.ReadAll(log.JsonlPath), lossCurve);
        return new TrainResult(steps, state.Step, checkpoint ?? store.Latest ?? "", log.JsonlPath, log.CsvPath, lossCurve);
    }

    private PixArtDiT CreateModel(string? resumeFrom)
    {
        if (resumeFrom is not null)
        {
            if (_options.InitialCheckpoint is not null || _options.InitialDitCheckpoint is not null)
            {
                LogInitIgnored(_logger, resumeFrom);
            }

            return new PixArtDiT(_options.Model);
        }

        if (_options.InitialDitCheckpoint is { } dit)
        {
            return Checkpoints.DitReparameterizer.FromFile(dit, _options.Model, _options.DitNullClass);
        }

        if (_options.InitialCheckpoint is { } init)
        {
            var (model, report) = Checkpoints.CheckpointImporter.Load(init, _options.Model, Checkpoints.ImportPolicy.StageStart, _options.InitialCheckpointEma, "--init");
            LogInitialised(_logger, report.Source, report.Format, report.Loaded, report.KeptInitialisation.Count == 0 ? "none" : string.Join(", ", report.KeptInitialisation));
            return model;
        }

        return new PixArtDiT(_options.Model);
    }

    private (double Loss, double Mse, double Vlb) MicroStep(PixArtDiT model, GaussianDiffusion diffusion, TrainingBatch collated, Generator generator)
    {
        using var scope = NewDisposeScope();
        using var batch = collated;
        var shape = batch.Mean.shape;
        // Re-sample the latent from the stored posterior every time, as the official feature loader does.
        var latents = (batch.Mean + (batch.Std * randn(shape, generator: generator))) * _options.LatentScale;
        var t = randint(0, diffusion.Schedule.Steps, [shape[0]], generator: generator);
        var noise = randn(shape, generator: generator);
        var drop = rand([shape[0]], generator: generator) < _options.Model.CaptionDropoutProb;
        var xt = diffusion.QSample(latents, t, noise);
        var micro = _options.Model.MicroConditions;
        var output = model.forward(xt, t, batch.Captions, batch.Mask, micro ? batch.ImageSize : null, micro ? batch.AspectRatio : null, drop);
        var loss = diffusion.TrainingLoss(output, latents, xt, t, noise);
        (loss.Total / _options.GradientAccumulation).backward();
        return (loss.Total.item<float>(), loss.Mse.item<float>(), loss.Vlb.item<float>());
    }

    private static TrainingState Restore(string checkpoint, PixArtDiT model, ExponentialMovingAverage ema, TorchSharp.Modules.AdamW optimizer, Generator generator)
    {
        var state = CheckpointStore.ReadState(checkpoint);
        if (state.Config != model.Config)
        {
            throw new Core.Errors.OptionsValidationException("--resume", $"{checkpoint} was trained with another model configuration; to start a new stage from it, use --init {checkpoint} with a new run folder");
        }

        CheckpointStore.LoadWeights(checkpoint, model);
        CheckpointStore.LoadWeights(checkpoint, ema.Model, ema: true);
        CheckpointStore.Readable(checkpoint, "optimizer.dat", () => optimizer.load_state_dict(Path.Combine(checkpoint, "optimizer.dat")));
        using var rng = tensor(Convert.FromBase64String(state.RngState), dtype: ScalarType.Byte);
        generator.set_state(rng);
        return state;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "initialised from {Source} ({Format}): {Loaded} tensors loaded; kept their initialisation: {Kept}")]
    private static partial void LogInitialised(ILogger logger, string source, string format, int loaded, string kept);

    [LoggerMessage(Level = LogLevel.Warning, Message = "the run folder already has {Checkpoint}; resuming from it, so --init/--init-dit is not used (start a new stage in a new run folder)")]
    private static partial void LogInitIgnored(ILogger logger, string checkpoint);

    [LoggerMessage(Level = LogLevel.Warning, Message = "interrupted: checkpoint {Checkpoint} written at step {Step}")]
    private static partial void LogInterrupted(ILogger logger, string checkpoint, long step);

    [LoggerMessage(Level = LogLevel.Information, Message = "resuming from {Checkpoint} at step {Step}")]
    private static partial void LogResumed(ILogger logger, string checkpoint, long step);

    [LoggerMessage(Level = LogLevel.Warning, Message = "step {Step}: non-finite loss {Loss} or gradient norm {GradNorm}; update skipped")]
    private static partial void LogSkipped(ILogger logger, long step, double loss, double gradNorm);
}
