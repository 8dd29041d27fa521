using DataForge.Core.Imaging;
using DataForge.Core.Manifests;
using DataForge.Core.Progress;
using DataForge.Cli.Rendering;
using DataForge.Captioner;
using DataForge.Captioner.Models;
using DataForge.Core.Options;
using DataForge.Core.Shards;
using DataForge.Ingest;
using DataForge.Trainer.Features;
using DataForge.Trainer.Model;
using DataForge.Trainer.Sampling;
using DataForge.Trainer.Training;
using DataForge.NounStats;
using DataForge.NounStats.Inputs;
using DataForge.ShapeWorld;
using Microsoft.Extensions.Logging;

namespace DataForge.Cli.Demo;

/// <summary>
/// Runs the embedded default end to end: generates deterministic shape-world scenes, serves them over loopback HTTP,
/// ingests them, captions them with the shipped shape-world captioner, compares alt-text with dense captions (Table 1,
/// examples, an HTML page, caption quality against the true scene graphs), trains a few DiT steps, and reports where
/// every output is.
/// </summary>
public sealed partial class DemoRunner
{
    private const string MarkerFile = ".dataforge-demo";
    private const string LoopbackRange = "127.0.0.0/8";
    private const string DenseLabel = "demo dense (shape-world captioner)";
    private readonly DemoOptions _options;
    private readonly ILogger _logger;
    private readonly ILoggerFactory _loggerFactory;

    /// <summary>Creates the runner.</summary>
    /// <param name="options">Demo options.</param>
    /// <param name="loggerFactory">Logging.</param>
    public DemoRunner(DemoOptions options, ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(loggerFactory);
        _options = options;
        _logger = loggerFactory.CreateLogger<DemoRunner>();
        _loggerFactory = loggerFactory;
    }

    /// <summary>Runs the demo.</summary>
    /// <param name="progress">Progress sink.</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    /// <returns>What was produced.</returns>
    public async Task<DemoReport> RunAsync(IProgress<StageProgress>? progress, CancellationToken cancellationToken = default)
    {
        SkiaRuntime.EnsureLoaded();
        var report = new DemoReport();

        // Before anything is written: a demo without its captioner would show nothing worth seeing.
        var modelDirectory = ShippedCaptioner.Resolve(_options.ModelDirectory);
        var work = PrepareWorkDirectory();

        // 1. Sample data: shape-world scenes with LAION-like alt-text, plus one missing and one corrupt URL. The
        //    true scene graph of each URL is kept to score the dense captions against.
        await using var server = new DemoImageServer();
        var rows = new List<(string Url, string Caption)>();
        var truth = new Dictionary<string, SceneGraph>(StringComparer.Ordinal);
        var generator = new ShapeWorldGenerator(_options.Seed);
        server.Start();
        for (var i = 0; i < _options.Images; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var scene = generator.Generate(ShapeWorldGenerator.HeldOutStart + i);
            var path = $"images/{i:D5}.png";
            server.Add(path, 200, "image/png", scene.EncodePng());
            rows.Add((server.BaseUrl + path, scene.AltText));
            truth[server.BaseUrl + path] = scene.Graph;
            progress?.Report(new StageProgress("generate", "images", i + 1, _options.Images));
        }

        server.Add("images/corrupt.png", 200, "image/png", "this is not a png"u8.ToArray());
        rows.Insert(rows.Count / 2, (server.BaseUrl + "images/missing.png", "a picture that is gone"));
        rows.Insert(rows.Count / 3, (server.BaseUrl + "images/corrupt.png", "a broken picture"));
        var urlList = Path.Combine(work, "input", "urls.parquet");
        await ShardFileWriter.WriteTableAsync(
            urlList,
            new ShardTable([ShardColumn.Of("url", rows.Select(r => (string?)r.Url).ToArray()), ShardColumn.Of("caption", rows.Select(r => (string?)r.Caption).ToArray())]),
            cancellationToken: cancellationToken).ConfigureAwait(false);
        report.Outputs.Add(("URL list (url, caption) served from " + server.BaseUrl, urlList));
        LogStep(_logger, "sample", urlList);

        // 2. Ingest over loopback HTTP into image shards: the real download path (Polly, opt-out headers, EXIF,
        //    border resize to 256, JPEG q95, the SSRF guard with only loopback let through).
        var ingest = CreateIngestOptions(urlList, work, _options.SamplesPerShard);
        var summary = await IngestRunner.RunAsync(ingest, progress is null ? null : StageProgressMapping.Ingest(progress), cancellationToken).ConfigureAwait(false);
        var shards = new ShardSet(summary.OutputDirectory);
        report.Outputs.Add(("image shards (img2dataset parquet schema)", shards.Directory));
        LogStep(_logger, "ingest", shards.Directory);

        // 3. Re-read the shard set through the contract reader and check it against the ingest manifest.
        long readRows = 0, readSuccesses = 0;
        foreach (var id in shards.ListDoneShards())
        {
            var table = await ShardFileReader.ReadTableAsync(shards.DataPath(id), [ShardColumns.Key, ShardColumns.Status], cancellationToken).ConfigureAwait(false);
            readRows += table.RowCount;
            readSuccesses += table.Get<string>(ShardColumns.Status).Count(s => s == RowStatus.Success);
        }

        var manifestPath = summary.ManifestPath ?? throw new Core.Errors.DataForgeException("ingest wrote no manifest");
        var manifest = await ManifestStore.LoadAsync(manifestPath, cancellationToken).ConfigureAwait(false);
        var problems = await ManifestStore.VerifyAsync(manifest, shards.Directory, cancellationToken).ConfigureAwait(false);
        if (problems.Count > 0 || readRows != rows.Count || readRows != manifest.TotalRows)
        {
            throw new Core.Errors.DataForgeException($"demo shard set did not re-read cleanly: {readRows} of {rows.Count} rows, manifest says {manifest.TotalRows}; {string.Join("; ", problems)}");
        }

        report.Outputs.Add(("dataset manifest", manifestPath));

        // 4. Dense captions with the shape-world captioner DataForge trained and exported (three ONNX sessions, real
        //    KV cache) through the unchanged caption stage, written beside the originals into sibling shards.
        var captioned = await new CaptionRunner(
            new CaptionOptions
            {
                ModelDirectory = modelDirectory,
                InputDirectory = shards.Directory,
                InputManifest = manifestPath,
                Prompt = CaptionPrompts.PixArtPaper,
                Model = new ModelLoadOptions { ExecutionProvider = ExecutionProviderKind.Cpu },
                Run = new StageRunOptions { OutputDirectory = Path.Combine(work, "captioned"), ManifestDirectory = Path.Combine(work, "data-manifests") },
            },
            _loggerFactory).RunAsync(progress, cancellationToken).ConfigureAwait(false);
        report.Outputs.Add(("captioning model (ONNX, LLaVA three-session layout)", modelDirectory));
        report.Outputs.Add(("captioned shards (originals + dense_caption columns)", captioned.OutputDirectory));
        if (captioned.ManifestPath is { } captionManifest)
        {
            report.Outputs.Add(("captioned dataset manifest (derived_from the ingest manifest)", captionManifest));
        }

        report.Numbers.Add(("captioned", captioned.Captioned.ToString(System.Globalization.CultureInfo.InvariantCulture)));

        // 5. Noun statistics (PixArt-α Table 1): alt-text against the dense captions of the same rows.
        var nounOptions = new NounStatsOptions { OutputDirectory = Path.Combine(work, "nounstats"), Parallelism = 1 };
        nounOptions.Inputs.Add(new CaptionInput { Path = shards.Directory, Column = ShardColumns.Caption, Label = "demo alt-text" });
        nounOptions.Inputs.Add(new CaptionInput { Path = captioned.OutputDirectory, Column = ShardColumns.DenseCaption, Label = DenseLabel });
        var nouns = await NounStatsRunner.RunAsync(nounOptions, progress is null ? null : StageProgressMapping.NounStats(progress), _logger, cancellationToken).ConfigureAwait(false);
        var tablePath = nouns.Files.First(f => f.EndsWith(".md", StringComparison.Ordinal));
        report.Outputs.Add(("noun statistics, Table 1 style (Markdown, CSV, JSON, PNG plots)", tablePath));
        report.Table1Markdown = await File.ReadAllTextAsync(tablePath, cancellationToken).ConfigureAwait(false);
        report.Numbers.Add(("alt-text nouns per caption", nouns.Statistics[0].AveragePerCaption.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture)));
        report.Numbers.Add(("dense nouns per caption", nouns.Statistics[1].AveragePerCaption.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture)));

        // 5b. What the numbers mean: examples side by side, an HTML page, and the dense captions parsed back into
        //     scene graphs and scored against the truth.
        var review = await DemoCaptionReview.ReadAsync(captioned.OutputDirectory, cancellationToken).ConfigureAwait(false);
        report.Examples.AddRange(review.Take(3).Select(r => r.Example));
        var page = Path.Combine(work, "captions.html");
        await DemoCaptionReview.WriteHtmlAsync(page, review.Select(r => r.Example), modelDirectory, cancellationToken).ConfigureAwait(false);
        report.Outputs.Add(("captions page (images, alt-text and dense captions, nouns marked)", page));
        var quality = DemoCaptionReview.Score(review, truth);
        report.Numbers.Add(("dense caption object F1", CaptionQualityReport.Format(quality.ObjectF1)));
        report.Numbers.Add(("colour accuracy", $"{CaptionQualityReport.Format(quality.ColorAccuracy)} of {quality.MatchedObjects} matched objects"));
        report.Numbers.Add(("count accuracy", $"{CaptionQualityReport.Format(quality.CountAccuracy)} of {quality.Scenes} scenes"));
        // 6. Train: features with tiny VAE/T5 models (Optimum layout), a few steps of the tiny DiT, a sample grid.
        var diffusionModels = TinyDiffusionModelsWriter.Write(Path.Combine(work, "models", "tiny-diffusion"), PixArtConfig.Tiny.CaptionChannels);
        var extraction = new FeatureExtractionOptions
        {
            InputDirectory = captioned.OutputDirectory,
            ModelDirectory = diffusionModels.Root,
            Resolution = PixArtConfig.Tiny.InputSize * 8,
            Tokens = PixArtConfig.Tiny.ModelMaxLength,
            InputManifest = captioned.ManifestPath,
            Run = new StageRunOptions { OutputDirectory = Path.Combine(work, "features"), ManifestDirectory = Path.Combine(work, "data-manifests") },
        };
        var features = await new FeatureExtractor(extraction, _logger).RunAsync(progress, cancellationToken).ConfigureAwait(false);
        report.Outputs.Add(("feature shards (VAE mean/std, T5 features and mask)", features.OutputDirectory));
        if (features.ManifestPath is { } featureManifest)
        {
            report.Outputs.Add(("feature dataset manifest (derived_from the captioned manifest)", featureManifest));
        }

        var dataset = await FeatureShardDataset.LoadAsync(features.OutputDirectory, PixArtConfig.Tiny.ModelMaxLength, PixArtConfig.Tiny.CaptionChannels, cancellationToken).ConfigureAwait(false);
        var training = new TrainOptions
        {
            Model = PixArtConfig.Tiny, OutputDirectory = Path.Combine(work, "train"), LearningRate = 1e-3, WarmupSteps = 2, GradientClip = 1.0,
            BatchSize = 4, EmaRate = 0.99, MaxSteps = _options.TrainSteps, CheckpointEvery = _options.TrainSteps, Seed = _options.Seed,
        };
        var trained = await Task.Run(() => new PixArtTrainer(training, _logger).Run(dataset, progress, cancellationToken), cancellationToken).ConfigureAwait(false);
        report.Outputs.Add(("training checkpoint (model, EMA, optimizer, RNG, data cursor)", trained.Checkpoint));
        report.Outputs.Add(("loss curve", trained.LossCurve));
        var sampling = new SampleOptions { Checkpoint = trained.Checkpoint, ModelDirectory = diffusionModels.Root, OutputDirectory = Path.Combine(work, "samples"), Steps = 10, Seed = _options.Seed };
        sampling.Prompts.AddRange(["a large red circle in the top left corner", "two blue stars on a plain beige background", "a small green heart in the center", "a yellow triangle above a black ring"]);
        var samples = await Task.Run(() => SamplingRunner.Run(sampling, progress, cancellationToken), cancellationToken).ConfigureAwait(false);
        report.Outputs.Add(("sample grid (DPM-Solver++, CFG 4.5)", samples[^1]));
        report.Numbers.Add(("train loss first→last", string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{trained.Steps[0].Loss:0.000}→{trained.Steps[^1].Loss:0.000}")));

        return report;
    }

    /// <summary>
    /// The demo's ingest options. The demo server listens on 127.0.0.1, which the SSRF guard refuses; the guard stays
    /// on and only the loopback range is allowed through it, so every other private address is still refused.
    /// </summary>
    internal static IngestOptions CreateIngestOptions(string urlList, string work, int samplesPerShard)
    {
        var ingest = new IngestOptions
        {
            InputPath = urlList,
            UrlColumn = "url",
            CaptionColumn = "caption",
            SamplesPerShard = samplesPerShard,
            DatasetName = "demo",
            Download = { AllowPrivateAddresses = false, AllowedAddressRanges = [LoopbackRange] },
            // The shape-world captioner was trained on the 64×64 PNGs themselves; ingest's default 256 px border resize
            // and JPEG re-encode would show it images it never saw. Unchanged bytes, as `--resize-mode no
            // --encode-format png` would store them.
            Image = { ResizeMode = ImageResizeMode.No, EncodeFormat = ImageEncodeFormat.Png },
        };
        ingest.Run.OutputDirectory = Path.Combine(work, "shards");
        ingest.Run.ManifestDirectory = Path.Combine(work, "data-manifests");
        return ingest;
    }

    private string PrepareWorkDirectory()
    {
        var work = Path.GetFullPath(_options.WorkDirectory);
        if (Directory.Exists(work) && Directory.EnumerateFileSystemEntries(work).Any())
        {
            // Only ever wipe a folder an earlier demo created; never a user's folder.
            if (!File.Exists(Path.Combine(work, MarkerFile)))
            {
                throw new Core.Errors.OptionsValidationException("--work-dir", $"{work} is not empty and was not created by 'dataforge demo'; choose another folder");
            }

            Directory.Delete(work, recursive: true);
        }

        Directory.CreateDirectory(work);
        File.WriteAllText(Path.Combine(work, MarkerFile), "created by dataforge demo; the folder is replaced on the next demo run\n");
        return work;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "demo {Step}: {Path}")]
    private static partial void LogStep(ILogger logger, string step, string path);
}
