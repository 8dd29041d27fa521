using System.Diagnostics;
using System.Globalization;
using DataForge.Core.Errors;
using DataForge.Core.Native;
using DataForge.Core.Progress;
using DataForge.ShapeWorld.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DataForge.ShapeWorld.Captioning;

/// <summary>
/// Trains <see cref="ShapeCaptionerModel"/> on (image, caption) pairs drawn lazily by index, then exports it. Step
/// <c>s</c> uses pairs <c>s·B … s·B+B-1</c> (modulo the training-set size), so the data order needs no saved state and
/// a resumed run sees exactly the batches an uninterrupted one would. AdamW with linear warm-up and cosine decay,
/// gradients clipped at 1; one dispose scope per step. Checkpoints go to the run folder every
/// <see cref="CaptionerTrainOptions.CheckpointEvery"/> steps, at the end, and when cancelled.
/// </summary>
public static class CaptionerTrainer
{
    private const string StageName = "train-captioner";
    private const int LossWindow = 50;
    // The training-only cell head is checkpointed beside the model so a resumed run continues it too.
    private const string CellHeadFile = "cell_head.dat";

    /// <summary>Trains (or resumes) and exports.</summary>
    /// <param name="options">The run.</param>
    /// <param name="pairs">Returns the training pair for an index; must be deterministic.</param>
    /// <param name="progress">Receives one report per step.</param>
    /// <param name="cancellationToken">Stops after the current step, writing a checkpoint first.</param>
    /// <returns>What was trained.</returns>
    /// <exception cref="OptionsValidationException">The options are unusable or disagree with the run folder's.</exception>
    /// <exception cref="OperationCanceledException">Cancelled; the checkpoint is written.</exception>
    public static CaptionerTrainResult Train(CaptionerTrainOptions options, Func<long, CaptionedImage> pairs, IProgress<StageProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(pairs);
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
        var checkpoints = Path.Combine(run, "checkpoints");
        Directory.CreateDirectory(checkpoints);
        var vocabularyPath = Path.Combine(run, "vocabulary.json");
        var vocabulary = File.Exists(vocabularyPath)
            ? CaptionVocabulary.Load(vocabularyPath)
            : CaptionVocabulary.Build(Enumerable.Range(0, options.VocabularyScenes).Select(i => pairs(i % options.TrainScenes).Caption));
        if (!File.Exists(vocabularyPath))
        {
            vocabulary.Save(vocabularyPath);
        }

        var config = options.Network with { VocabularySize = vocabulary.Count };
        if (config.Problem() is { } shape)
        {
            throw new OptionsValidationException(StageName, shape);
        }

        var state = new CaptionerRunState
        {
            Seed = options.Seed, Steps = options.Steps, BatchSize = options.BatchSize, TrainScenes = options.TrainScenes,
            LearningRate = options.LearningRate, CellLossWeight = options.CellLossWeight, Prompt = options.Prompt, Network = config,
        };
        var store = new RunCheckpoints(checkpoints);
        var latest = store.Latest;
        if (latest is not null)
        {
            var saved = RunCheckpoints.ReadState<CaptionerRunState>(latest);
            if (saved with { Step = 0, RecentLoss = 0, Seconds = 0, CpuSeconds = 0 } != state)
            {
                throw new OptionsValidationException(StageName, $"{run} holds a run started with other settings (seed {saved.Seed}, {saved.Steps} steps, batch {saved.BatchSize}, {saved.TrainScenes} scenes, lr {saved.LearningRate}, network {saved.Network}); use another run folder or the same settings");
            }

            state = saved;
        }

        torch.manual_seed(options.Seed);
        using var model = new ShapeCaptionerModel(config);
        using var cellHead = new CaptionerCellHead(config);
        using var optimizer = torch.optim.AdamW(model.parameters().Concat(cellHead.parameters()), options.LearningRate, 0.9, 0.95, 1e-8, options.WeightDecay);
        if (latest is not null)
        {
            RunCheckpoints.Load(latest, model, optimizer);
            cellHead.load(Path.Combine(latest, CellHeadFile));
        }

        var prompt = vocabulary.EncodePrompt(options.Prompt, config.ImageTokens, out var imageStart);
        var startStep = state.Step;
        var losses = new Queue<double>();
        var firstLoss = double.NaN;
        var clock = Stopwatch.StartNew();
        var secondsBefore = state.Seconds;
        var cpuBefore = state.CpuSeconds;
        using var self = Process.GetCurrentProcess();
        var cpuStart = self.TotalProcessorTime;
        using var log = new StreamWriter(Path.Combine(run, "loss.tsv"), append: true);
        Task<CaptionerBatch>? next = null;
        for (var step = startStep; step < options.Steps; step++)
        {
            var batch = next?.GetAwaiter().GetResult() ?? BuildBatch(step, options, pairs, prompt, vocabulary, config);
            var following = step + 1;
            // The next batch renders on another core while this step trains.
            next = following < options.Steps ? Task.Run(() => BuildBatch(following, options, pairs, prompt, vocabulary, config), CancellationToken.None) : null;
            var lr = RunCheckpoints.LearningRate(step, options.LearningRate, options.WarmupSteps, options.Steps);
            foreach (var group in optimizer.ParamGroups)
            {
                group.LearningRate = lr;
            }

            double loss, cellLoss;
            using (GcQuietRegion.Enter())
            {
                (loss, cellLoss) = TrainStep(model, cellHead, optimizer, batch, imageStart, options.CellLossWeight);
            }

            firstLoss = double.IsNaN(firstLoss) ? loss : firstLoss;
            losses.Enqueue(loss);
            if (losses.Count > LossWindow)
            {
                losses.Dequeue();
            }

            log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{step + 1}\t{loss:F5}\t{lr:E3}\t{clock.Elapsed.TotalSeconds + secondsBefore:F1}\t{cellLoss:F5}"));
            self.Refresh();
            state = state with
            {
                Step = step + 1, RecentLoss = losses.Average(), Seconds = secondsBefore + clock.Elapsed.TotalSeconds,
                CpuSeconds = cpuBefore + (self.TotalProcessorTime - cpuStart).TotalSeconds,
            };
            progress?.Report(new StageProgress(StageName, "steps", step + 1 - startStep, options.Steps - startStep, $"step {step + 1}/{options.Steps}",
                new Dictionary<string, double> { ["loss"] = state.RecentLoss, ["cell"] = cellLoss, ["lr"] = lr }));
            var cancelled = cancellationToken.IsCancellationRequested;
            if ((step + 1) % options.CheckpointEvery == 0 || step + 1 == options.Steps || cancelled)
            {
                log.Flush();
                store.Save(state.Step, model, optimizer, state, (CellHeadFile, cellHead));
            }

            if (cancelled)
            {
                next?.Wait(CancellationToken.None);
                cancellationToken.ThrowIfCancellationRequested();
            }
        }

        CaptionerOnnxExporter.Export(model, vocabulary, options.Output);
        return new CaptionerTrainResult(Path.GetFullPath(options.Output), startStep, state.Step, state.RecentLoss, firstLoss, state.Seconds, state.CpuSeconds,
            (long)state.Step * options.BatchSize, vocabulary.Count);
    }

    /// <summary>
    /// Exports the run folder's latest checkpoint without training, e.g. a run stopped before its planned steps; the
    /// result says which step it holds.
    /// </summary>
    /// <param name="runDirectory">The run folder.</param>
    /// <param name="output">The model folder to write.</param>
    /// <returns>What the exported checkpoint is.</returns>
    /// <exception cref="OptionsValidationException">The folder has no checkpoint.</exception>
    public static CaptionerTrainResult ExportLatest(string runDirectory, string output)
    {
        ArgumentException.ThrowIfNullOrEmpty(runDirectory);
        ArgumentException.ThrowIfNullOrEmpty(output);
        var latest = new RunCheckpoints(Path.Combine(runDirectory, "checkpoints")).Latest
            ?? throw new OptionsValidationException("--run-dir", $"{runDirectory} holds no finished checkpoint to export");
        CaptionerTorch.EnsureLoaded();
        var state = RunCheckpoints.ReadState<CaptionerRunState>(latest);
        var vocabulary = CaptionVocabulary.Load(Path.Combine(runDirectory, "vocabulary.json"));
        using var model = new ShapeCaptionerModel(state.Network);
        RunCheckpoints.Load(latest, model, optimizer: null);
        CaptionerOnnxExporter.Export(model, vocabulary, output);
        return new CaptionerTrainResult(Path.GetFullPath(output), state.Step, state.Step, state.RecentLoss, double.NaN, state.Seconds, state.CpuSeconds,
            (long)state.Step * state.BatchSize, vocabulary.Count);
    }

    private static CaptionerBatch BuildBatch(int step, CaptionerTrainOptions options, Func<long, CaptionedImage> pairs, long[] prompt, CaptionVocabulary vocabulary, CaptionerConfig config)
    {
        var items = new CaptionedImage[options.BatchSize];
        for (var i = 0; i < items.Length; i++)
        {
            items[i] = pairs((((long)step * options.BatchSize) + i) % options.TrainScenes);
        }

        return CaptionerBatch.Build(items, prompt, vocabulary, config);
    }

    private static (double Caption, double Cells) TrainStep(ShapeCaptionerModel model, CaptionerCellHead cellHead, AdamW optimizer, CaptionerBatch batch, int imageStart, double cellWeight)
    {
        using var scope = NewDisposeScope();
        var size = model.Config.ImageSize;
        var pixels = tensor(batch.Pixels, [batch.Size, 3, size, size]);
        var ids = tensor(batch.Ids, [batch.Size, batch.Length]);
        var targets = tensor(batch.Targets, [batch.Size * (batch.Length - batch.FirstLogit)]);
        var cells = model.Vision.Cells(pixels);
        var logits = model.Decode(model.Vision.Project(cells), ids, imageStart, batch.FirstLogit);
        var loss = nn.functional.cross_entropy(logits.reshape(-1, logits.shape[2]), targets, ignore_index: CaptionerBatch.Ignore);
        var total = loss;
        var cellLoss = double.NaN;
        if (cellWeight > 0 && batch.CellTargets is { } cellTargets)
        {
            var aux = cellHead.Loss(cells, tensor(cellTargets, [cellTargets.Length]));
            total = CaptionerTorch.Sum(loss, aux * cellWeight);
            cellLoss = aux.item<float>();
        }

        optimizer.zero_grad();
        total.backward();
        nn.utils.clip_grad_norm_(model.parameters().Concat(cellHead.parameters()), 1.0);
        optimizer.step();
        return (loss.item<float>(), cellLoss);
    }
}
