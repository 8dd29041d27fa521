using System.Globalization;
using System.Text;
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
    private static readonly string[] Columns = [ShardColumns.Caption, ShardColumns.DenseCaption];
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

        // 1. Scenes served over loopback and ingested as they are (64×64 PNG, as the captioner was trained on them).
        await using var server = new DemoImageServer();
        server.Start();
        var generator = new ShapeWorldGenerator(_options.Seed);
        var urls = new string?[_options.Count];
        var alts = new string?[_options.Count];
        for (var i = 0; i < _options.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var scene = generator.Generate(i);
            server.Add($"images/{i:D8}.png", 200, "image/png", scene.EncodePng());
            (urls[i], alts[i]) = (server.BaseUrl + $"images/{i:D8}.png", scene.AltText);
        }

        var urlList = Path.Combine(work, "urls.parquet");
        await ShardFileWriter.WriteTableAsync(urlList, new ShardTable([ShardColumn.Of("url", urls), ShardColumn.Of("caption", alts)]), cancellationToken: cancellationToken).ConfigureAwait(false);
        var ingest = DemoRunner.CreateIngestOptions(urlList, work, 1000);
        ingest.DatasetName = "shapeworld-experiment";
        var ingested = await IngestRunner.RunAsync(ingest, progress is null ? null : Rendering.StageProgressMapping.Ingest(progress), cancellationToken).ConfigureAwait(false);

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

        // 3. Features and training per caption column; everything else identical.
        var config = PixArtConfig.Tiny with { ModelMaxLength = _options.Tokens, CaptionChannels = _options.CaptionChannels };
        var checkpoints = new Dictionary<string, IReadOnlyList<(long Step, string Folder)>>(StringComparer.Ordinal);
        var every = (int)Math.Ceiling((double)_options.TrainSteps / _options.Evaluations);
        var finalLoss = new Dictionary<string, double>(StringComparer.Ordinal);
        var cut = new Dictionary<string, (long Truncated, long Extracted)>(StringComparer.Ordinal);
        foreach (var column in Columns)
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
            var dataset = await FeatureShardDataset.LoadAsync(features.OutputDirectory, config.ModelMaxLength, config.CaptionChannels, cancellationToken).ConfigureAwait(false);
            var training = new TrainOptions
            {
                Model = config, OutputDirectory = Path.Combine(work, "train", column), LearningRate = 1e-3, WarmupSteps = Math.Min(100, _options.TrainSteps / 10),
                GradientClip = 1.0, BatchSize = _options.BatchSize, EmaRate = 0.999, MaxSteps = _options.TrainSteps, CheckpointEvery = every, Seed = _options.Seed,
            };
            var trained = await Task.Run(() => new PixArtTrainer(training, _logger).Run(dataset, progress, cancellationToken), cancellationToken).ConfigureAwait(false);
            (checkpoints[column], finalLoss[column]) = (Checkpoints(training.OutputDirectory), trained.Steps[^1].Loss);
        }

        // 4. Held-out prompts, sampled by both checkpoints in both phrasings, judged.
        var generated = PromptSetGenerator.Generate(_options.Prompts, _options.Seed);
        var set = new PromptSet(_options.Seed, generated.Select(g => g.Prompt).ToList());
        var promptsFile = Path.Combine(work, "prompts.json");
        set.Write(promptsFile);
        var results = new Dictionary<(string, string, long), JudgeSummary>();
        foreach (var column in Columns)
        {
            foreach (var (step, checkpoint) in checkpoints[column])
            {
                foreach (var phrasing in (string[])["short", "dense"])
                {
                    var name = Path.Combine(column, $"step_{step:D8}", phrasing);
                    var sampling = new SampleOptions
                    {
                        Checkpoint = checkpoint, ModelDirectory = models.Root, OutputDirectory = Path.Combine(work, "samples", name),
                        Steps = _options.SamplerSteps, GuidanceScale = _options.GuidanceScale, Seed = _options.Seed, Grid = true,
                    };
                    sampling.Prompts.AddRange(set.Prompts.Select(p => phrasing == "short" ? p.Short : p.Dense));
                    await Task.Run(() => SamplingRunner.Run(sampling, progress, cancellationToken), cancellationToken).ConfigureAwait(false);
                    var judged = await ShapeWorldJudge.RunAsync(
                        new JudgeOptions { InputDirectory = sampling.OutputDirectory, PromptsFile = promptsFile, OutputDirectory = Path.Combine(work, "judged", name), Seed = _options.Seed },
                        progress,
                        cancellationToken).ConfigureAwait(false);
                    results[(column, phrasing, step)] = judged.Summary;
                }
            }
        }

        // 5. The two caption columns as the paper's Table 1 measures them.
        var nounOptions = new NounStatsOptions { OutputDirectory = Path.Combine(work, "nounstats"), Parallelism = 1 };
        nounOptions.Inputs.Add(new CaptionInput { Path = captioned.OutputDirectory, Column = ShardColumns.Caption, Label = "alt-text" });
        nounOptions.Inputs.Add(new CaptionInput { Path = captioned.OutputDirectory, Column = ShardColumns.DenseCaption, Label = "dense (shape-world captioner)" });
        var nouns = await NounStatsRunner.RunAsync(nounOptions, progress is null ? null : Rendering.StageProgressMapping.NounStats(progress), _logger, cancellationToken).ConfigureAwait(false);
        var table1 = await File.ReadAllTextAsync(nouns.Files.First(f => f.EndsWith(".md", StringComparison.Ordinal)), cancellationToken).ConfigureAwait(false);

        var markdown = Path.Combine(work, "experiment.md");
        await File.WriteAllTextAsync(markdown, Describe(results, finalLoss, cut) + Environment.NewLine + table1, cancellationToken).ConfigureAwait(false);
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

    private string Describe(Dictionary<(string, string, long), JudgeSummary> results, Dictionary<string, double> finalLoss, Dictionary<string, (long Truncated, long Extracted)> cut)
    {
        var md = new StringBuilder();
        md.AppendLine("# Shape-world experiment: alt-text against dense captions");
        md.AppendLine();
        if (_options.TinyRandomModels)
        {
            md.AppendLine("**Pipeline check only: the VAE and text encoder are tiny random models, so these figures mean nothing.**");
            md.AppendLine();
        }

        md.AppendLine(Invariant($"{_options.Count} scenes (seed {_options.Seed}); both DiTs trained {_options.TrainSteps} steps, batch {_options.BatchSize}, same seed; {_options.Prompts} held-out prompts, DPM-Solver++ {_options.SamplerSteps} steps, CFG {_options.GuidanceScale}."));
        md.AppendLine();
        md.AppendLine("| Trained on | Prompted with | Step | Alignment | 95% interval | Object | Colour | Count | Position |");
        md.AppendLine("|---|---|---|---|---|---|---|---|---|");
        foreach (var ((column, phrasing, step), s) in results.OrderBy(r => r.Key.Item2, StringComparer.Ordinal).ThenBy(r => r.Key.Item1, StringComparer.Ordinal).ThenBy(r => r.Key.Item3))
        {
            string A(JudgedAttribute a) => s.ByAttribute.TryGetValue(a, out var i) ? Invariant($"{i.Mean:F3}") : "–";
            md.AppendLine(Invariant($"| {column} | {phrasing} | {step} | {s.Overall.Mean:F3} | [{s.Overall.Low:F3}, {s.Overall.High:F3}] | {A(JudgedAttribute.Object)} | {A(JudgedAttribute.Color)} | {A(JudgedAttribute.Count)} | {A(JudgedAttribute.Position)} |"));
        }

        md.AppendLine();
        md.AppendLine(Invariant($"Captions cut to {_options.Tokens} tokens: alt-text {cut[Columns[0]].Truncated} of {cut[Columns[0]].Extracted}, dense {cut[Columns[1]].Truncated} of {cut[Columns[1]].Extracted}."));
        md.AppendLine();
        md.AppendLine(Invariant($"Final training loss: alt-text {finalLoss[Columns[0]]:F4}, dense {finalLoss[Columns[1]]:F4}."));
        foreach (var phrasing in (string[])["short", "dense"])
        {
            // The paper's claim is efficiency: how soon the dense model reaches the alt-text model's final alignment.
            var alt = results.Where(r => r.Key.Item1 == Columns[0] && r.Key.Item2 == phrasing).MaxBy(r => r.Key.Item3).Value.Overall.Mean;
            var reached = results.Where(r => r.Key.Item1 == Columns[1] && r.Key.Item2 == phrasing && r.Value.Overall.Mean >= alt).Select(r => r.Key.Item3).DefaultIfEmpty(-1).Min();
            md.AppendLine(alt <= 0
                ? $"With {phrasing} prompts the alt-text model's final alignment is 0: there is no level to reach, so no step count is claimed."
                : Invariant($"With {phrasing} prompts the dense-caption model {(reached < 0 ? "never reaches" : $"reaches at step {reached}")} the alt-text model's final alignment ({alt:F3}) of {_options.TrainSteps} steps."));
        }

        md.AppendLine();
        md.AppendLine("Per-run reports: `judged/<column>/step_<N>/<phrasing>/judge.md`; sample grids: `samples/<column>/step_<N>/<phrasing>/grid.png`; loss curves: `train/<column>/`.");
        return md.ToString();
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
