using System.Threading.Channels;
using DataForge.Captioner.Generation;
using DataForge.Captioner.Imaging;
using DataForge.Captioner.Models;
using DataForge.Core.Errors;
using DataForge.Core.Imaging;
using DataForge.Core.Shards;
using Microsoft.ML.OnnxRuntime;

namespace DataForge.Captioner.Shards;

/// <summary>
/// Captions the rows of one row group. Worker threads decode and preprocess images into a bounded channel ahead
/// of the model, so the model does not wait on JPEG decoding; the model side drains the channel in batches. Rows
/// that failed ingest are skipped, and a row whose image does not decode or whose generation fails is recorded as
/// failed while the rest are captioned.
/// </summary>
internal sealed class RowGroupCaptioner
{
    private readonly VisionLanguageModel _model;
    private readonly ImagePreprocessor _preprocessor;
    private readonly CaptionOptions _options;
    private readonly AdaptiveBatchExecutor _executor;

    public RowGroupCaptioner(VisionLanguageModel model, CaptionOptions options, AdaptiveBatchExecutor executor)
    {
        _model = model;
        _options = options;
        _executor = executor;
        _preprocessor = new ImagePreprocessor(model.Config.Preprocessor, new ImageDecodeLimits { MaxDecodedPixels = options.MaxDecodedPixels });
    }

    /// <summary>Called after each model batch with the rows it finished and the tokens it generated.</summary>
    public Action<int, long>? BatchDone { get; set; }

    public async Task<CaptionRowResult[]> CaptionAsync(ShardTable table, string shardPath, CancellationToken cancellationToken)
    {
        var n = table.RowCount;
        var results = new CaptionRowResult[n];
        var imageColumn = ShardColumns.FindImageColumn(table)
            ?? throw new ShardFormatException(shardPath, null, $"has no image column ({string.Join(", ", ShardColumns.ImageColumns)})");
        var images = table.Get<byte[]>(imageColumn);
        var status = table.TryGetStrings(ShardColumns.Status);
        var keys = table.TryGetStrings(ShardColumns.Key);
        var captions = table.TryGetStrings(ShardColumns.Caption);
        var eligible = new List<int>(n);
        for (var row = 0; row < n; row++)
        {
            if (status is not null && status[row] != RowStatus.Success)
            {
                results[row] = new CaptionRowResult(RowStatus.Skipped, null, $"ingest status is {status[row] ?? "null"}", null, null, null);
            }
            else if (images[row] is null || images[row]!.Length == 0)
            {
                results[row] = new CaptionRowResult(RowStatus.Failed, null, $"no image bytes in column '{imageColumn}'", null, null, null);
            }
            else
            {
                eligible.Add(row);
            }
        }

        var channel = Channel.CreateBounded<PreparedRow>(new BoundedChannelOptions(_options.PrefetchImages) { SingleReader = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var producer = ProduceAsync(channel.Writer, eligible, images, keys, captions, stop.Token);
        try
        {
            await ConsumeAsync(channel.Reader, results, stop.Token).ConfigureAwait(false);
        }
        catch
        {
            await stop.CancelAsync().ConfigureAwait(false);
            throw;
        }
        finally
        {
            try
            {
                await producer.ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                // The consumer's own failure or the caller's cancellation is what gets reported.
            }
        }

        return results;
    }

    private Task ProduceAsync(ChannelWriter<PreparedRow> writer, List<int> rows, byte[]?[] images, string?[]? keys, string?[]? captions, CancellationToken cancellationToken) =>
        Task.Run(async () =>
        {
            try
            {
                var parallel = new ParallelOptions { MaxDegreeOfParallelism = _options.Run.Parallelism, CancellationToken = cancellationToken };
                await Parallel.ForEachAsync(rows, parallel, async (row, ct) =>
                {
                    var key = keys?[row] ?? row.ToString(System.Globalization.CultureInfo.InvariantCulture);
                    var pixels = _preprocessor.TryPreprocess(images[row], out var decodeError);
                    var prepared = pixels is null
                        ? new PreparedRow(row, key, null, null, $"image could not be decoded: {decodeError}")
                        : new PreparedRow(row, key, _model.EncodePrompt(CaptionPrompts.Fill(_options.Prompt, captions?[row])), pixels, null);

                    await writer.WriteAsync(prepared, ct).ConfigureAwait(false);
                }).ConfigureAwait(false);
                writer.Complete();
            }
            catch (Exception ex)
            {
                writer.Complete(ex);
                throw;
            }
        }, cancellationToken);

    private async Task ConsumeAsync(ChannelReader<PreparedRow> reader, CaptionRowResult[] results, CancellationToken cancellationToken)
    {
        // Continuous batching refills finished slots from this window, so it holds more rows than there are slots.
        var window = _options.BatchSize * CaptionConstants.ContinuousWindowBatches;
        var batch = new List<PreparedRow>(window);
        while (true)
        {
            batch.Clear();
            while (batch.Count < window && await reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                while (batch.Count < window && reader.TryRead(out var item))
                {
                    if (item.Error is not null)
                    {
                        results[item.Row] = new CaptionRowResult(RowStatus.Failed, null, item.Error, null, null, null);
                        BatchDone?.Invoke(1, 0);
                    }
                    else
                    {
                        batch.Add(item);
                    }
                }
            }

            if (batch.Count == 0)
            {
                return;
            }

            GenerateBatch(batch, results, cancellationToken);
        }
    }

    private void GenerateBatch(List<PreparedRow> batch, CaptionRowResult[] results, CancellationToken cancellationToken)
    {
        IReadOnlyList<GenerationResult> generated;
        try
        {
            generated = _executor.RunContinuous(batch, (rows, slots, token) => _model.GenerateContinuous(
                [.. rows.Select(r => new GenerationRequest(r.Key, r.PromptIds!, r.Pixels))], slots, _options.Generation, token), cancellationToken);
        }
        catch (OnnxRuntimeException ex) when (!cancellationToken.IsCancellationRequested)
        {
            // A batch the runtime rejects (after any halving) fails its rows, not the shard.
            foreach (var row in batch)
            {
                results[row.Row] = new CaptionRowResult(RowStatus.Failed, null, "generation failed: " + ex.Message.Split('\n')[0], null, null, null);
            }

            BatchDone?.Invoke(batch.Count, 0);
            return;
        }

        long tokens = 0;
        for (var i = 0; i < batch.Count; i++)
        {
            var g = generated[i];
            tokens += g.TokenIds.Length;
            results[batch[i].Row] = new CaptionRowResult(RowStatus.Success, g.Text, null, g.TokenIds.Length, g.FinishReason.ToColumnValue(), g.Seconds);
        }

        BatchDone?.Invoke(batch.Count, tokens);
    }
}
