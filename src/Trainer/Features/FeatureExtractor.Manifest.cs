using System.Globalization;
using DataForge.Core.Manifests;
using DataForge.Core.Shards;
using Microsoft.Extensions.Logging;

namespace DataForge.Trainer.Features;

/// <summary>The feature manifest: lineage from the input's manifest, and what each feature shard was made with.</summary>
public sealed partial class FeatureExtractor
{
    /// <summary>The stage name in shard stats and manifests.</summary>
    public const string StageName = "extract-features";

    // What decides a feature shard's content; recorded in each shard's stats so that a rerun with other options that
    // skips finished shards cannot make the manifest claim its own options for them. Batch size only decides speed.
    private SortedDictionary<string, string?> ShardParameters(string captionColumn) => new(StringComparer.Ordinal)
    {
        ["models"] = Path.GetFullPath(_options.ModelDirectory),
        ["caption_column"] = captionColumn,
        ["resolution"] = _options.Resolution.ToString(CultureInfo.InvariantCulture),
        ["multi_scale"] = _options.MultiScale ? "true" : "false",
        ["tokens"] = _options.Tokens.ToString(CultureInfo.InvariantCulture),
        ["shards"] = Path.GetFullPath(_options.InputDirectory),
    };

    private async Task<string> WriteManifestAsync(ShardSet output, DateTimeOffset startedAt, CancellationToken ct)
    {
        var parentPath = _options.InputManifest ?? await FindInputManifestAsync(ct).ConfigureAwait(false);
        DatasetManifest? parent = null;
        ManifestReference? lineage = null;
        if (parentPath is not null)
        {
            parent = await ManifestStore.LoadAsync(parentPath, ct).ConfigureAwait(false);
            lineage = await ManifestStore.ReferenceAsync(parentPath, ct).ConfigureAwait(false);
        }

        var inputName = Path.GetFileName(Path.GetFullPath(_options.InputDirectory).TrimEnd(Path.DirectorySeparatorChar));
        var stage = new ManifestStage
        {
            Name = StageName,
            Version = typeof(FeatureExtractor).Assembly.GetName().Version?.ToString() ?? "0",
            Parameters = ShardParameters(_options.CaptionColumn ?? $"{ShardColumns.DenseCaption} when present, else {ShardColumns.Caption}"),
            StartedAt = startedAt,
            FinishedAt = DateTimeOffset.UtcNow,
        };
        stage.Parameters["batch_size"] = _options.BatchSize.ToString(CultureInfo.InvariantCulture);
        var shards = await ManifestStore.DescribeShardsAsync(output, ct).ConfigureAwait(false);
        ShardParameterReconciler.Reconcile(stage, shards);
        var manifest = new DatasetManifest
        {
            Name = _options.DatasetName ?? (parent?.Name ?? inputName) + "-features",
            Description = $"VAE and T5 features of {parent?.Name ?? _options.InputDirectory}",
            CreatedAt = DateTimeOffset.UtcNow,
            DerivedFrom = lineage,
            Sources = [new ManifestSource { Kind = "shards", Uri = Path.GetFullPath(_options.InputDirectory), Format = "parquet" }],
            Stages = [.. parent?.Stages ?? [], stage],
            ShardDirectory = output.Directory,
            Shards = shards,
        };
        return await ManifestStore.SaveAsync(manifest, _options.Run.ManifestDirectory, ct).ConfigureAwait(false);
    }

    // Without --input-manifest the parent is the one manifest in the manifest folder that describes the input folder
    // (caption writes its manifest there), so a plain pipeline keeps its lineage without extra flags.
    private async Task<string?> FindInputManifestAsync(CancellationToken ct)
    {
        var candidates = await ManifestStore.FindByShardDirectoryAsync(_options.Run.ManifestDirectory, _options.InputDirectory, ct).ConfigureAwait(false);
        if (candidates.Count > 1)
        {
            LogAmbiguousParent(_logger, candidates.Count, _options.InputDirectory);
        }

        return candidates.Count == 1 ? candidates[0] : null;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} manifests describe {Folder}; pass --input-manifest to record which one the features derive from")]
    private static partial void LogAmbiguousParent(ILogger logger, int count, string folder);
}
