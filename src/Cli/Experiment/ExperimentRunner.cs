using System.Diagnostics;
using System.Globalization;
using DataForge.Captioner;
using DataForge.Captioner.Models;
using DataForge.Cli.Demo;
using DataForge.Core.Errors;
using DataForge.Core.Imaging;
using DataForge.Core.Options;
using DataForge.Core.Progress;
using DataForge.Core.Shards;
using DataForge.Ingest;
using DataForge.NounStats;
using DataForge.NounStats.Inputs;
using DataForge.ShapeWorld;
using DataForge.ShapeWorld.Evaluation;
using DataForge.Trainer.Features;
using DataForge.Trainer.Model;
using DataForge.Trainer.Sampling;
using DataForge.Trainer.Training;
using Microsoft.Extensions.Logging;

namespace DataForge.Cli.Experiment;

/// <summary>
/// Issue #16's experiment, composed from the stages as the CLI runs them: generate scenes, ingest them over loopback,
/// caption them with the shape-world captioner, extract features for the alt-text and for the dense captions, train
/// the same DiT twice (same seed, budget and schedule), sample the held-out prompts with both checkpoints in both
/// phrasings (DPM-Solver++, CFG), judge every sample with the analytic detector, and write one report.
/// </summary>
public sealed class ExperimentRunner
{
    private const string MarkerFile = ".dataforge-experiment";
    private readonly ExperimentOptions _options;
    private readonly ILogger _logger;
    private readonly ILoggerFactory _loggerFactory;

    /// <summary>Creates the runner.</summary>
    /// <param name="options">The options.</param>
    /// <param name="loggerFactory">Logging.</param>
    public ExperimentRunner(ExperimentOptions options, ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(loggerFactory);
        (_options, _loggerFactory, _logger) = (options, loggerFactory, loggerFactory.CreateLogger<ExperimentRunner>());
    }

    /// <summary>Runs the experiment.</summary>
    /// <param name="progress">Progress sink.</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    /// <returns>The report.</returns>
    public async Task<ExperimentReport> RunAsync(IProgress<StageProgress>? progress, CancellationToken cancellationToken = default)
    {
        _options.Validate();
        SkiaRuntime.EnsureLoaded();
        var captioner = ShippedCaptioner.Resolve(_options.CaptionerDirectory);
        var work = PrepareWorkDirectory();
        var models = PrepareDiffusionModels(work);

        var phases = new List<(string Phase, TimeSpan Elapsed)>();
        var clock = Stopwatch.StartNew();
        void Phase(string name)
        {
            phases.Add((name, clock.Elapsed));
            _logger.LogInformation("experiment phase {Phase}: {Seconds:F1} s", name, clock.Elapsed.TotalSeconds);
            clock.Restart();
        }

        // 1. Scenes served over loopback and ingested as they are (64×64 PNG, as the captioner was trained on them);
        //    the gold caption travels as a passthrough column like a LAION `similarity` would.
        await using var server = new DemoImageServer();
        server.Start();
        var generator = new ShapeWorldGenerator(_options.Seed);
        var urls = new string?[_options.Count];
        var alts = new string?[_options.Count];
        var golds = new string?[_options.Count];
        for (var i = 0; i < _options.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var scene = generator.Generate(i);
            server.Add($"images/{i:D8}.png", 200, "image/png", scene.EncodePng());
            (urls[i], alts[i], golds[i]) = (server.BaseUrl + $"images/{i:D8}.png", scene.AltText, scene.DenseCaption);
        }

        var urlList = Path.Combine(work, "urls.parquet");
        await ShardFileWriter.WriteTableAsync(
            urlList,
            new ShardTable([ShardColumn.Of("url", urls), ShardColumn.Of("caption", alts), ShardColumn.Of(ExperimentRuns.GoldCaptionColumn, golds)]),
            cancellationToken: cancellationToken).ConfigureAwait(false);
        var ingest = DemoRunner.CreateIngestOptions(urlList, work, 1000);
        ingest.DatasetName = "shapeworld-experiment";
        ingest.PassthroughColumns.Add(ExperimentRuns.GoldCaptionColumn);
        var ingested = await IngestRunner.RunAsync(ingest, progress is null ? null : Rendering.StageProgressMapping.Ingest(progress), cancellationToken).ConfigureAwait(false);
        Phase("generate + ingest");

        // 2. Dense captions through the unchanged caption stage.
        var captioned = await new CaptionRunner(
            new CaptionOptions
            {
                ModelDirectory = captioner,
                InputDirectory = ingested.OutputDirectory,
                InputManifest = ingested.ManifestPath,
                Prompt = CaptionPrompts.PixArtPaper,
                Model = new ModelLoadOptions { ExecutionProvider = ExecutionProviderKind.Cpu },
                Run = new StageRunOptions { OutputDirectory = Path.Combine(work, "captioned"), ManifestDirectory = Path.Combine(work, "data-manifests") },
            },
            _loggerFactory).RunAsync(progress, cancellationToken).ConfigureAwait(false);
        Phase("caption");

        // 3. Features and training per caption column; everything else identical.
        var config = _options.Model;
        var runs = ExperimentRuns.Ordered(_options.Runs);
        var checkpoints = new Dictionary<string, IReadOnlyList<(long Step, string Folder)>>(StringComparer.Ordinal);
        var every = (int)Math.Ceiling((double)_options.TrainSteps / _options.Evaluations);
        var finalLoss = new Dictionary<string, double>(StringComparer.Ordinal);
        var cut = new Dictionary<string, (long Truncated, long Extracted)>(StringComparer.Ordinal);
        var secondsPerStep = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var column in runs.Select(ExperimentRuns.Column))
        {
            var features = await new FeatureExtractor(
                new FeatureExtractionOptions
                {
                    InputDirectory = captioned.OutputDirectory,
                    ModelDirectory = models.Root,
                    CaptionColumn = column,
                    Resolution = ShapeWorldScene.ImageSize,
                    Tokens = _options.Tokens,
                    InputManifest = captioned.ManifestPath,
                    DatasetName = $"shapeworld-{column}",
                    Run = new StageRunOptions { OutputDirectory = Path.Combine(work, "features", column), ManifestDirectory = Path.Combine(work, "data-manifests") },
                },
                _logger).RunAsync(progress, cancellationToken).ConfigureAwait(false);
            cut[column] = (features.Truncated, features.Extracted);
            RefuseTruncation(column, features);
            Phase($"extract-features {column}");
            var dataset = await FeatureShardDataset.LoadAsync(features.OutputDirectory, config.ModelMaxLength, config.CaptionChannels, cancellationToken).ConfigureAwait(false);
            var training = new TrainOptions
            {
                Model = config, OutputDirectory = Path.Combine(work, "train", column), LearningRate = _options.LearningRate, WarmupSteps = Math.Min(100, _options.TrainSteps / 10),
                GradientClip = 1.0, BatchSize = _options.BatchSize, EmaRate = _options.EffectiveEmaRate, MaxSteps = _options.TrainSteps, CheckpointEvery = every, Seed = _options.Seed,
            };
            var trained = await Task.Run(() => new PixArtTrainer(training, _logger).Run(dataset, progress, cancellationToken), cancellationToken).ConfigureAwait(false);
            (checkpoints[column], finalLoss[column]) = (Checkpoints(training.OutputDirectory), trained.Steps[^1].Loss);
            secondsPerStep[column] = clock.Elapsed.TotalSeconds / _options.TrainSteps;
            Phase($"train {column}");
        }

        // 4. Held-out prompts, each sampled K times by every checkpoint in both phrasings, judged.
        var generated = PromptSetGenerator.Generate(_options.Prompts, _options.Seed);
        var set = new PromptSet(_options.Seed, generated.Select(g => g.Prompt).ToList());
        var promptsFile = Path.Combine(work, "prompts.json");
        set.Write(promptsFile);
        var results = new Dictionary<(string, string, long), JudgeSummary>();
        var detected = new Dictionary<(string, string, long), (int WithDetection, int Images)>();
        var sampling = TimeSpan.Zero;
        foreach (var column in runs.Select(ExperimentRuns.Column))
        {
            foreach (var (step, checkpoint) in checkpoints[column])
            {
                foreach (var phrasing in (string[])["short", "dense"])
                {
                    var name = Path.Combine(column, $"step_{step:D8}", phrasing);
                    var sample = new SampleOptions
                    {
                        Checkpoint = checkpoint, ModelDirectory = models.Root, OutputDirectory = Path.Combine(work, "samples", name),
                        Steps = _options.SamplerSteps, GuidanceScale = _options.GuidanceScale, Seed = _options.Seed, Grid = true,
                    };
                    sample.Prompts.AddRange(set.Prompts.SelectMany(p => Enumerable.Repeat(phrasing == "short" ? p.Short : p.Dense, _options.SamplesPerPrompt)));
                    var started = clock.Elapsed;
                    await Task.Run(() => SamplingRunner.Run(sample, progress, cancellationToken), cancellationToken).ConfigureAwait(false);
                    sampling += clock.Elapsed - started;
                    var judged = await ShapeWorldJudge.RunAsync(
                        new JudgeOptions { InputDirectory = sample.OutputDirectory, PromptsFile = promptsFile, OutputDirectory = Path.Combine(work, "judged", name), Seed = _options.Seed },
                        progress,
                        cancellationToken).ConfigureAwait(false);
                    results[(column, phrasing, step)] = judged.Summary;
                    detected[(column, phrasing, step)] = (judged.Images.Count(i => i.Detections.Count > 0), judged.Images.Count);
                }
            }
        }

        // Sampling and judging alternate; the clock ran over both.
        phases.Add(("sample", sampling));
        phases.Add(("judge", clock.Elapsed - sampling));
        clock.Restart();

        // 5. The caption columns as the paper's Table 1 measures them.
        var nounOptions = new NounStatsOptions { OutputDirectory = Path.Combine(work, "nounstats"), Parallelism = 1 };
        nounOptions.Inputs.Add(new CaptionInput { Path = captioned.OutputDirectory, Column = ShardColumns.Caption, Label = "alt-text" });
        nounOptions.Inputs.Add(new CaptionInput { Path = captioned.OutputDirectory, Column = ShardColumns.DenseCaption, Label = "dense (shape-world captioner)" });
        nounOptions.Inputs.Add(new CaptionInput { Path = captioned.OutputDirectory, Column = ExperimentRuns.GoldCaptionColumn, Label = "gold (scene graph)" });
        var nouns = await NounStatsRunner.RunAsync(nounOptions, progress is null ? null : Rendering.StageProgressMapping.NounStats(progress), _logger, cancellationToken).ConfigureAwait(false);
        var table1 = await File.ReadAllTextAsync(nouns.Files.First(f => f.EndsWith(".md", StringComparison.Ordinal)), cancellationToken).ConfigureAwait(false);
        Phase("nounstats");

        var markdown = Path.Combine(work, "experiment.md");
        var describe = new ExperimentMarkdown(_options, runs.Select(ExperimentRuns.Column).ToList(), results, detected, finalLoss, cut, secondsPerStep, phases);
        await File.WriteAllTextAsync(markdown, describe.Render() + Environment.NewLine + table1, cancellationToken).ConfigureAwait(false);
        return new ExperimentReport(work, markdown, results, finalLoss);
    }

    private static List<(long Step, string Folder)> Checkpoints(string run) =>
        Directory.EnumerateDirectories(Path.Combine(run, "checkpoints"), "step_*")
            .Select(d => (long.Parse(Path.GetFileName(d)[5..], CultureInfo.InvariantCulture), d))
            .OrderBy(c => c.Item1)
            .ToList();

    private void RefuseTruncation(string column, FeatureExtractionSummary features)
    {
        // Training on cut captions would compare what the first words say, not the captions: refuse instead.
        if (features.Extracted > 0 && features.Truncated > _options.MaxTruncatedFraction * features.Extracted)
        {
            throw new OptionsValidationException(
                "--tokens",
                Invariant($"{features.Truncated} of {features.Extracted} captions in column {column} have more than {_options.Tokens} tokens (allowed: {_options.MaxTruncatedFraction:P1}); raise --tokens (up to the text encoder's positions) or --max-truncated"));
        }
    }

    private DiffusionModelDirectory PrepareDiffusionModels(string work)
    {
        var root = Path.Combine(work, "models", "diffusion");
        if (_options.TinyRandomModels)
        {
            _logger.LogWarning("tiny random VAE and text encoder: this run checks the pipeline; its alignment figures mean nothing");
            return TinyDiffusionModelsWriter.Write(root, _options.CaptionChannels);
        }

        // One folder in the layout extract-features and sample read, assembled from the two trained models.
        Copy(_options.VaeDirectory!, root, "--vae", "vae_encoder", "vae_decoder");
        Copy(_options.TextEncoderDirectory!, root, "--text-encoder", "text_encoder");
        var tokenizer = Path.Combine(_options.TextEncoderDirectory!, "tokenizer");
        if (Directory.Exists(tokenizer))
        {
            CopyDirectory(tokenizer, Path.Combine(root, "tokenizer"));
        }

        var models = new DiffusionModelDirectory(root);
        if (!File.Exists(models.Tokenizer))
        {
            throw new OptionsValidationException("--text-encoder", $"{_options.TextEncoderDirectory} has no tokenizer/tokenizer.json or text_encoder/tokenizer.json");
        }

        // A position table shorter than --tokens would fail inside ONNX Runtime mid-run; say so before any work.
        var config = Path.Combine(root, "text_encoder", "config.json");
        if (File.Exists(config)
            && System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(config))?["max_positions"]?.GetValue<int>() is { } positions
            && _options.Tokens > positions)
        {
            throw new OptionsValidationException("--tokens", Invariant($"{_options.Tokens} is more than the text encoder's {positions} positions ({config})"));
        }

        return models;
    }

    private static void Copy(string from, string root, string option, params string[] parts)
    {
        foreach (var part in parts)
        {
            var source = Path.Combine(from, part);
            if (!File.Exists(Path.Combine(source, "model.onnx")))
            {
                throw new OptionsValidationException(option, $"{from} has no {part}/model.onnx");
            }

            CopyDirectory(source, Path.Combine(root, part));
        }
    }

    private static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)), overwrite: true);
        }
    }

    private string PrepareWorkDirectory()
    {
        var work = Path.GetFullPath(_options.OutputDirectory);
        if (Directory.Exists(work) && Directory.EnumerateFileSystemEntries(work).Any())
        {
            // Only ever replace a folder an earlier experiment created; never a user's folder.
            if (!File.Exists(Path.Combine(work, MarkerFile)))
            {
                throw new OptionsValidationException("--output", $"{work} is not empty and was not created by 'dataforge shapeworld experiment'; choose another folder");
            }

            Directory.Delete(work, recursive: true);
        }

        Directory.CreateDirectory(work);
        File.WriteAllText(Path.Combine(work, MarkerFile), "created by dataforge shapeworld experiment; replaced on the next run\n");
        return work;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
