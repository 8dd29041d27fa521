using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using DataForge.Captioner.Generation;
using DataForge.Captioner.Models;
using DataForge.Captioner.Shards;
using DataForge.Core.Imaging;
using DataForge.Core.Manifests;
using DataForge.Core.Options;
using DataForge.Core.Progress;
using DataForge.Core.Shards;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace DataForge.Captioner;

/// <summary>
/// The caption stage: for each done input shard this worker owns, writes a sibling shard with every original row
/// and column plus the caption columns, marks it done, and finally writes the output manifest with its lineage.
/// Resumes at shard granularity: done shards are kept, interrupted ones redone from scratch.
/// </summary>
public sealed class CaptionRunner
{
    private readonly CaptionOptions _options;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;

    /// <summary>Creates the runner.</summary>
    /// <param name="options">The stage options; validated when the run starts.</param>
    /// <param name="loggerFactory">Logging; none when <see langword="null"/>.</param>
    public CaptionRunner(CaptionOptions options, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _loggerFactory = loggerFactory ?? NullLoggerFactory.Instance;
        _logger = _loggerFactory.CreateLogger<CaptionRunner>();
    }

    /// <summary>Runs the stage with the given options.</summary>
    /// <param name="options">The stage options.</param>
    /// <param name="progress">Receives images/s and tokens/s; may be <see langword="null"/>.</param>
    /// <param name="cancellationToken">Stops between batches (and terminates a running model step); the shard in progress is left unfinished and redone next time.</param>
    /// <returns>The summary.</returns>
    public static Task<CaptionSummary> RunAsync(CaptionOptions options, IProgress<StageProgress>? progress = null, CancellationToken cancellationToken = default) =>
        new CaptionRunner(options).RunAsync(progress, cancellationToken);

    /// <summary>Runs the stage.</summary>
    /// <param name="progress">Receives images/s and tokens/s; may be <see langword="null"/>.</param>
    /// <param name="cancellationToken">Stops between batches; the shard in progress is redone next time.</param>
    /// <returns>The summary.</returns>
    public async Task<CaptionSummary> RunAsync(IProgress<StageProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        _options.Validate();
        SkiaRuntime.EnsureLoaded();
        var started = DateTimeOffset.UtcNow;
        var partition = _options.Run.ResolvePartition();
        var input = new ShardSet(_options.InputDirectory);
        var output = new ShardSet(_options.Run.OutputDirectory);
        var owned = partition.Select(FinishedShards.Require(input, "--input")).ToList();
        var summary = new CaptionSummary { OutputDirectory = output.Directory, ShardsOwned = owned.Count };
        var pending = new List<int>();
        foreach (var id in owned)
        {
            if (_options.Run.Incremental == IncrementalMode.Overwrite)
            {
                output.Delete(id);
            }

            if (output.IsDone(id))
            {
                summary.ShardsAlreadyDone++;
                continue;
            }

            output.ResetUnfinished(id);
            pending.Add(id);
        }

        _logger.LogInformation("Captioning {Pending} of {Owned} shards owned by worker {Index}/{Count} ({Done} already done)",
            pending.Count, owned.Count, partition.Index, partition.Count, summary.ShardsAlreadyDone);
        if (summary.ShardsAlreadyDone > 0)
        {
            await WarnOfKeptShardsAsync(output, cancellationToken).ConfigureAwait(false);
        }
        if (pending.Count > 0)
        {
            await CaptionShardsAsync(pending, input, output, summary, progress, cancellationToken).ConfigureAwait(false);
        }

        summary.ManifestPath = await WriteManifestAsync(output, started, cancellationToken).ConfigureAwait(false);
        return summary;
    }

    private async Task CaptionShardsAsync(List<int> pending, ShardSet input, ShardSet output, CaptionSummary summary, IProgress<StageProgress>? progress, CancellationToken cancellationToken)
    {
        long total = 0;
        foreach (var id in pending)
        {
            total += (await input.ReadStatsAsync(id, cancellationToken).ConfigureAwait(false))?.Count ?? 0;
        }

        using var model = VisionLanguageModel.Load(_options.ModelDirectory, _options.Model, _loggerFactory.CreateLogger<VisionLanguageModel>());
        if (model.Tokenizer is null)
        {
            throw new ModelFormatException($"{_options.ModelDirectory} has no tokenizer.json, which captioning needs");
        }

        summary.UsedCuda = model.UsesCuda;
        var modelId = _options.ModelId ?? ModelIdOf(_options.ModelDirectory);
        var executor = new AdaptiveBatchExecutor(_options.BatchSize, _logger);
        var captioner = new RowGroupCaptioner(model, _options, executor);
        var clock = Stopwatch.StartNew();
        long completed = 0;
        long finishedRows = 0;
        long tokens = 0;
        string detail = "";
        void Report()
        {
            var seconds = Math.Max(clock.Elapsed.TotalSeconds, 1e-9);
            progress?.Report(new StageProgress(CaptionConstants.StageName, "images", completed, total, detail,
                new Dictionary<string, double> { ["images/s"] = completed / seconds, ["tokens/s"] = tokens / seconds, ["batch"] = executor.BatchSize }));
        }

        captioner.BatchDone = (rows, generated) =>
        {
            completed += rows;
            tokens += generated;
            Report();
        };

        foreach (var id in pending)
        {
            cancellationToken.ThrowIfCancellationRequested();
            detail = ShardNaming.DataFileName(id, output.ShardDigits);
            var stats = await CaptionShardAsync(id, input, output, captioner, modelId, cancellationToken).ConfigureAwait(false);
            // Skipped rows and rows without image bytes never pass through a batch, so a finished shard sets the count
            // to the rows of all finished shards: the bar reaches its total even when a shard ends in such rows.
            finishedRows += stats.Count;
            completed = finishedRows;
            Report();
            stats.Counters["batch_halvings"] = executor.Halvings;
            await output.MarkDoneAsync(id, stats, cancellationToken).ConfigureAwait(false);
            summary.ShardsCaptioned++;
            summary.Rows += stats.Count;
            summary.Captioned += stats.Successes;
            summary.Failed += stats.StatusDict.Where(kv => kv.Key != RowStatus.Success && kv.Key != RowStatus.Skipped).Sum(kv => kv.Value);
            summary.Skipped += stats.StatusDict.GetValueOrDefault(RowStatus.Skipped);
            summary.Tokens += stats.Counters.GetValueOrDefault("tokens");
            _logger.LogInformation("{Shard}: {Captioned}/{Rows} captioned in {Seconds:F1}s", detail, stats.Successes, stats.Count, stats.Duration);
        }

        summary.BatchHalvings = executor.Halvings;
        if (executor.Halvings > 0)
        {
            _logger.LogWarning("The batch size was halved {Halvings} times after allocation failures; it ended at {BatchSize}", executor.Halvings, executor.BatchSize);
        }
    }

    private async Task<ShardStats> CaptionShardAsync(int id, ShardSet input, ShardSet output, RowGroupCaptioner captioner, string modelId, CancellationToken cancellationToken)
    {
        var stats = new ShardStats { Stage = CaptionConstants.StageName, StartTime = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0, Parameters = ShardParameters() };
        var clock = Stopwatch.StartNew();
        var path = input.DataPath(id);
        await using var reader = await ShardFileReader.OpenAsync(path, cancellationToken).ConfigureAwait(false);
        await using var writer = await ShardFileWriter.CreateAsync(output.DataPath(id), CaptionColumnSet.OutputSchema(reader.Schema), cancellationToken: cancellationToken)
            .ConfigureAwait(false);
        await foreach (var table in reader.ReadRowGroupsAsync(cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            var results = await captioner.CaptionAsync(table, path, cancellationToken).ConfigureAwait(false);
            foreach (var result in results)
            {
                stats.CountRow(result.Status, result.Status == RowStatus.Skipped ? RowStatus.Skipped : result.Error);
                stats.Counters["tokens"] = stats.Counters.GetValueOrDefault("tokens") + (result.Tokens ?? 0);
                if (result.FinishReason is { } reason)
                {
                    stats.Counters["finish_" + reason] = stats.Counters.GetValueOrDefault("finish_" + reason) + 1;
                }
            }

            await writer.WriteAsync(CaptionColumnSet.Append(table, results, modelId, _options.Prompt), cancellationToken).ConfigureAwait(false);
        }

        await writer.CommitAsync(cancellationToken).ConfigureAwait(false);
        stats.Duration = clock.Elapsed.TotalSeconds;
        stats.EndTime = stats.StartTime + stats.Duration;
        stats.Timings["caption"] = stats.Duration;
        return stats;
    }

    private async Task<string> WriteManifestAsync(ShardSet output, DateTimeOffset started, CancellationToken cancellationToken)
    {
        DatasetManifest? parent = null;
        ManifestReference? lineage = null;
        if (_options.InputManifest is not null)
        {
            parent = await ManifestStore.LoadAsync(_options.InputManifest, cancellationToken).ConfigureAwait(false);
            lineage = await ManifestStore.ReferenceAsync(_options.InputManifest, cancellationToken).ConfigureAwait(false);
        }

        var name = _options.DatasetName ?? (parent?.Name ?? Path.GetFileName(Path.GetFullPath(_options.InputDirectory).TrimEnd(Path.DirectorySeparatorChar))) + "-captioned";
        var stage = new ManifestStage
        {
            Name = CaptionConstants.StageName,
            Version = typeof(CaptionRunner).Assembly.GetName().Version?.ToString() ?? "0",
            StartedAt = started,
            FinishedAt = DateTimeOffset.UtcNow,
        };
        stage.Parameters = ShardParameters();
        stage.Parameters["batch_size"] = _options.BatchSize.ToString(CultureInfo.InvariantCulture);
        var shards = await ManifestStore.DescribeShardsAsync(output, cancellationToken).ConfigureAwait(false);
        ShardParameterReconciler.Reconcile(stage, shards);
        var manifest = new DatasetManifest
        {
            Name = name,
            Description = $"{parent?.Name ?? _options.InputDirectory} with dense captions",
            CreatedAt = DateTimeOffset.UtcNow,
            DerivedFrom = lineage,
            Sources = [new ManifestSource { Kind = "shards", Uri = Path.GetFullPath(_options.InputDirectory), Format = "parquet" }],
            Stages = [.. parent?.Stages ?? [], stage],
            ShardDirectory = output.Directory,
            Shards = shards,
        };
        return await ManifestStore.SaveAsync(manifest, _options.Run.ManifestDirectory, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The parameters that decide what a captioned shard holds, recorded in each shard's stats so the manifest can say
    /// what every shard was made with even after reruns with other options (batch size only decides how fast).
    /// </summary>
    private SortedDictionary<string, string?> ShardParameters()
    {
        var g = _options.Generation;
        var parameters = new SortedDictionary<string, string?>(StringComparer.Ordinal);
        foreach (var (key, value) in new (string, object?)[]
        {
            ("model", Path.GetFullPath(_options.ModelDirectory)), ("model_id", _options.ModelId ?? ModelIdOf(_options.ModelDirectory)),
            ("dtype", _options.Model.Dtype), ("device", _options.Model.ExecutionProvider), ("prompt", _options.Prompt),
            ("max_new_tokens", g.MaxNewTokens), ("temperature", g.Temperature), ("top_p", g.TopP),
            ("top_k", g.TopK), ("repetition_penalty", g.RepetitionPenalty), ("no_repeat_ngram_size", g.NoRepeatNgramSize),
            ("stop", string.Join("|", g.StopStrings)), ("stop_token", string.Join("|", g.StopTokenIds)), ("loop_detection", g.LoopDetection), ("seed", g.Seed),
            ("shards", Path.GetFullPath(_options.InputDirectory)),
        })
        {
            parameters[key] = value is null ? null : Convert.ToString(value, CultureInfo.InvariantCulture);
        }

        return parameters;
    }

    // Finished shards are kept as they are; when they were made with other parameters the user should hear it now,
    // not discover it in the manifest later.
    private async Task WarnOfKeptShardsAsync(ShardSet output, CancellationToken cancellationToken)
    {
        // Only the stats are read here: hashing every kept shard for a log line would double the manifest's cost.
        var kept = new List<ManifestShard>();
        foreach (var id in output.ListDoneShards())
        {
            var stats = await output.ReadStatsAsync(id, cancellationToken).ConfigureAwait(false);
            kept.Add(new ManifestShard { Name = Path.GetFileName(output.DataPath(id)), Parameters = stats?.Parameters });
        }

        foreach (var difference in ShardParameterReconciler.Differences(ShardParameters(), kept))
        {
            _logger.LogWarning("Finished shards in {Folder} were captioned with other parameters and are kept as they are ({Difference}); " +
                "the manifest records each shard's own; --incremental Overwrite redoes them", output.Directory, difference);
        }
    }

    private static string ModelIdOf(string directory)
    {
        var config = Path.Combine(directory, "config.json");
        if (File.Exists(config))
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(config));
            if (document.RootElement.TryGetProperty("_name_or_path", out var name) && name.ValueKind == JsonValueKind.String && !string.IsNullOrEmpty(name.GetString()))
            {
                return name.GetString()!;
            }
        }

        return Path.GetFileName(Path.GetFullPath(directory).TrimEnd(Path.DirectorySeparatorChar));
    }
}
