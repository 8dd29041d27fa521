using System.Globalization;
using System.Runtime.InteropServices;
using DataForge.Core.Errors;
using DataForge.Core.Imaging;
using DataForge.Core.Options;
using DataForge.Core.Progress;
using DataForge.Core.Shards;
using Microsoft.Extensions.Logging;

namespace DataForge.Trainer.Features;

/// <summary>
/// Turns image shards into feature shards for training: for every row whose earlier stages succeeded, the VAE
/// posterior (mean and std, so each load re-samples the latent) of the prepared image and the T5 features and mask
/// of its cleaned caption. One output row per input row (skipped and failed rows carry status and reason); each
/// shard is written atomically and marked done, so an interrupted run resumes at the next shard; the feature manifest
/// names the input's manifest as its parent, so lineage reaches training.
/// </summary>
public sealed partial class FeatureExtractor
{
    private readonly FeatureExtractionOptions _options;
    private readonly ILogger _logger;

    /// <summary>Creates the extractor; options are validated here.</summary>
    /// <param name="options">Options.</param>
    /// <param name="logger">Logger.</param>
    public FeatureExtractor(FeatureExtractionOptions options, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _logger = logger;
    }

    /// <summary>Extracts features for every owned, not yet done shard, then writes the feature manifest.</summary>
    /// <param name="progress">Progress sink (rows).</param>
    /// <param name="cancellationToken">Stops between batches; finished shards stay done.</param>
    /// <returns>The summary.</returns>
    /// <exception cref="OptionsValidationException">
    /// The input folder has no finished shard, or a shard lacks the caption column; nothing has been written then.
    /// </exception>
    public async Task<FeatureExtractionSummary> RunAsync(IProgress<StageProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        SkiaRuntime.EnsureLoaded();
        var startedAt = DateTimeOffset.UtcNow;
        var input = new ShardSet(_options.InputDirectory);
        var output = new ShardSet(_options.Run.OutputDirectory);
        var owned = _options.Run.ResolvePartition().Select(FinishedShards.Require(input, "--input")).ToList();

        // Every owned shard is checked before any is written: a wrong column would otherwise mark each shard done with
        // every row skipped, and the corrected rerun would then find nothing left to do.
        var captionColumns = await ResolveCaptionColumnsAsync(input, owned, cancellationToken).ConfigureAwait(false);
        var models = new DiffusionModelDirectory(_options.ModelDirectory);
        using var vae = new VaeCodec(models, encoder: true, decoder: false);
        using var t5 = new T5TextEncoder(models, _options.Tokens);
        var summary = new FeatureExtractionSummary { OutputDirectory = output.Directory };
        foreach (var id in owned)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (_options.Run.Incremental == IncrementalMode.Overwrite && output.IsDone(id))
            {
                output.Delete(id);
            }

            if (output.IsDone(id))
            {
                summary.ShardsAlreadyDone++;
                continue;
            }

            output.ResetUnfinished(id);
            var started = DateTimeOffset.UtcNow;
            var (table, stats) = await ExtractShardAsync(input.DataPath(id), captionColumns[id], vae, t5, summary, progress, cancellationToken).ConfigureAwait(false);
            await ShardFileWriter.WriteTableAsync(output.DataPath(id), table, cancellationToken: cancellationToken).ConfigureAwait(false);
            stats.StartTime = started.ToUnixTimeMilliseconds() / 1000.0;
            stats.EndTime = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0;
            stats.Duration = stats.EndTime - stats.StartTime;
            stats.Parameters = ShardParameters(captionColumns[id]);
            await output.MarkDoneAsync(id, stats, cancellationToken).ConfigureAwait(false);
            summary.ShardsWritten++;
            LogShard(_logger, ShardNaming.Stem(id), stats.Successes, stats.Count);
        }

        summary.Truncated = t5.Truncated;
        summary.ManifestPath = await WriteManifestAsync(output, startedAt, cancellationToken).ConfigureAwait(false);
        return summary;
    }

    private async Task<Dictionary<int, string>> ResolveCaptionColumnsAsync(ShardSet input, IReadOnlyList<int> owned, CancellationToken ct)
    {
        var columns = new Dictionary<int, string>();
        foreach (var id in owned)
        {
            var path = input.DataPath(id);
            await using var reader = await ShardFileReader.OpenAsync(path, ct).ConfigureAwait(false);
            var present = string.Join(", ", reader.Schema.Select(c => c.Name));
            var column = _options.CaptionColumn
                ?? (reader.HasColumn(ShardColumns.DenseCaption) ? ShardColumns.DenseCaption
                : reader.HasColumn(ShardColumns.Caption) ? ShardColumns.Caption
                : throw new OptionsValidationException("--caption-column",
                    $"{path} has neither {ShardColumns.DenseCaption} nor {ShardColumns.Caption} (its columns: {present}); name the caption column; nothing was written"));
            var spec = reader.Schema.FirstOrDefault(c => c.Name == column);
            if (spec is null)
            {
                throw new OptionsValidationException("--caption-column", $"'{column}' is not a column of {path} (its columns: {present}); nothing was written");
            }

            if (spec.Type != ShardColumnType.String)
            {
                throw new OptionsValidationException("--caption-column", $"'{column}' in {path} holds {spec.Type}, not text; nothing was written");
            }

            columns[id] = column;
        }

        return columns;
    }

    private async Task<(ShardTable Table, ShardStats Stats)> ExtractShardAsync(string path, string captionColumn, VaeCodec vae, T5TextEncoder t5, FeatureExtractionSummary summary, IProgress<StageProgress>? progress, CancellationToken ct)
    {
        await using var reader = await ShardFileReader.OpenAsync(path, ct).ConfigureAwait(false);
        var source = await reader.ReadAllAsync(cancellationToken: ct).ConfigureAwait(false);
        var n = source.RowCount;
        var imageColumn = ShardColumns.FindImageColumn(source);
        var images = imageColumn is null ? new byte[]?[n] : source.Get<byte[]>(imageColumn);
        var captions = source.TryGetStrings(captionColumn) ?? new string?[n];
        var ingestStatus = source.TryGetStrings(ShardColumns.Status) ?? new string?[n];
        var captionStatus = source.TryGetStrings(ShardColumns.CaptionStatus);
        var status = new string?[n];
        var error = new string?[n];
        var mean = new byte[]?[n];
        var std = new byte[]?[n];
        var shape = new string?[n];
        var features = new byte[]?[n];
        var mask = new byte[]?[n];
        var cleaned = new string?[n];
        var pending = new Dictionary<(int H, int W), List<(int Row, float[] Pixels)>>();
        var buckets = _options.MultiScale ? Data.AspectRatioBuckets.ForResolution(_options.Resolution) : null;
        var limits = new ImageDecodeLimits { MaxDecodedPixels = _options.MaxDecodedPixels };
        var stats = new ShardStats { Stage = StageName };

        // Encoder calls need one image size, so images wait in per-size (per-bucket) batches.
        async Task FlushAsync((int H, int W) size)
        {
            var batch = pending[size];
            if (batch.Count == 0)
            {
                return;
            }

            var pixels = new float[batch.Count * 3 * size.H * size.W];
            for (var b = 0; b < batch.Count; b++)
            {
                batch[b].Pixels.CopyTo(pixels, b * 3 * size.H * size.W);
            }

            var (m, s, (c, h, w)) = vae.Encode(pixels, batch.Count, size.H, size.W);
            var (f, k, texts) = t5.Encode(batch.Select(p => captions[p.Row]).ToList());
            var plane = c * h * w;
            var tokenFloats = t5.Tokens * t5.Channels;
            for (var b = 0; b < batch.Count; b++)
            {
                var row = batch[b].Row;
                mean[row] = MemoryMarshal.AsBytes(m.AsSpan(b * plane, plane)).ToArray();
                std[row] = MemoryMarshal.AsBytes(s.AsSpan(b * plane, plane)).ToArray();
                shape[row] = string.Create(CultureInfo.InvariantCulture, $"{c},{h},{w}");
                features[row] = MemoryMarshal.AsBytes(f.AsSpan(b * tokenFloats, tokenFloats)).ToArray();
                mask[row] = k.AsSpan(b * t5.Tokens, t5.Tokens).ToArray();
                cleaned[row] = texts[b];
                status[row] = RowStatus.Success;
            }

            summary.Extracted += batch.Count;
            batch.Clear();
            await Task.Yield();
        }

        for (var row = 0; row < n; row++)
        {
            ct.ThrowIfCancellationRequested();
            summary.Rows++;
            var reason = ingestStatus[row] != RowStatus.Success ? $"ingest status is {ingestStatus[row]}"
                : captionStatus is not null && captionStatus[row] != RowStatus.Success ? $"caption status is {captionStatus[row]}"
                : images[row] is null ? "no image bytes"
                : string.IsNullOrWhiteSpace(captions[row]) ? $"empty {captionColumn}"
                : null;
            if (reason is not null)
            {
                (status[row], error[row]) = (RowStatus.Skipped, reason);
                summary.Skipped++;
                continue;
            }

            if (ImagePreparation.Decode(images[row], limits, out var decodeError) is not { } image)
            {
                (status[row], error[row]) = (RowStatus.Failed, "image decoding error: " + decodeError);
                summary.Failed++;
                continue;
            }

            (int H, int W) size;
            float[] pixels;
            if (buckets is null && ImagePreparation.SquareResizeSize(image.Width, image.Height, _options.Resolution) is var (resizedWidth, resizedHeight)
                && resizedWidth * resizedHeight > limits.MaxDecodedPixels)
            {
                // A sliver passes the decode budget but would resize to billions of pixels before the crop.
                (status[row], error[row]) = (RowStatus.Failed, $"resizing {image.Width}x{image.Height} to {resizedWidth}x{resizedHeight} before the {_options.Resolution} px crop is above the limit of {limits.MaxDecodedPixels} pixels");
                summary.Failed++;
                continue;
            }

            if (buckets is null)
            {
                (size, pixels) = ((_options.Resolution, _options.Resolution), ImagePreparation.ToSquareTensor(image, _options.Resolution));
            }
            else if (ImagePreparation.ToBucketTensor(image, buckets) is { } bucketed)
            {
                (size, pixels) = ((bucketed.Bucket.Height, bucketed.Bucket.Width), bucketed.Tensor);
            }
            else
            {
                (status[row], error[row]) = (RowStatus.Filtered, "aspect ratio beyond 1:4");
                summary.Skipped++;
                continue;
            }

            if (!pending.TryGetValue(size, out var list))
            {
                pending[size] = list = [];
            }

            list.Add((row, pixels));

            if (pending[size].Count == _options.BatchSize)
            {
                await FlushAsync(size).ConfigureAwait(false);
                progress?.Report(new StageProgress(StageName, "rows", summary.Rows, null, Path.GetFileName(path)));
            }
        }

        foreach (var size in pending.Keys)
        {
            await FlushAsync(size).ConfigureAwait(false);
        }

        progress?.Report(new StageProgress(StageName, "rows", summary.Rows, null, Path.GetFileName(path)));
        for (var row = 0; row < n; row++)
        {
            stats.CountRow(status[row]!, error[row]);
        }

        var table = new ShardTable(
        [
            ShardColumn.Of(ShardColumns.Key, source.TryGetStrings(ShardColumns.Key) ?? new string?[n]),
            ShardColumn.Of(ShardColumns.Status, status),
            ShardColumn.Of(ShardColumns.ErrorMessage, error),
            ShardColumn.Of(ShardColumns.OriginalWidth, source.HasColumn(ShardColumns.OriginalWidth) ? source.Get<int?>(ShardColumns.OriginalWidth) : new int?[n]),
            ShardColumn.Of(ShardColumns.OriginalHeight, source.HasColumn(ShardColumns.OriginalHeight) ? source.Get<int?>(ShardColumns.OriginalHeight) : new int?[n]),
            ShardColumn.Of(ShardColumns.T5Caption, cleaned),
            ShardColumn.Of(ShardColumns.VaeShape, shape),
            ShardColumn.Of(ShardColumns.VaeMean, mean),
            ShardColumn.Of(ShardColumns.VaeStd, std),
            ShardColumn.Of(ShardColumns.T5Features, features),
            ShardColumn.Of(ShardColumns.T5Mask, mask),
        ]);
        return (table, stats);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "features for shard {Shard}: {Extracted} of {Rows} rows")]
    private static partial void LogShard(ILogger logger, string shard, long extracted, long rows);
}
