using System.Diagnostics;
using DataForge.Captioner.Models;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace DataForge.Captioner.Generation;

/// <summary>
/// One batched generation: left-pads the prompts (mask 0, position 1 on padding, positions counted from each
/// row's first real token), embeds them, writes the image features over the image placeholder rows, prefills,
/// then decodes one token per row per step through <see cref="KvCacheDecoder"/> until every row has finished.
/// With fewer slots than requests it batches continuously: when rows finish, the next requests are prefilled on
/// their own and merged into the freed cache slots (<see cref="KvCacheMerger"/>), each row keeping its own
/// positions and mask, so its tokens are those it gets in a batch of its own.
/// </summary>
internal sealed class BatchGenerator
{
    private readonly VisionLanguageModel _model;

    public BatchGenerator(VisionLanguageModel model)
    {
        _model = model;
    }

    public IReadOnlyList<GenerationResult> Generate(IReadOnlyList<GenerationRequest> requests, GenerationOptions options, int slots, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(requests);
        ArgumentNullException.ThrowIfNull(options);
        if (requests.Count == 0)
        {
            return [];
        }

        using var runOptions = new RunOptions();
        using var registration = cancellationToken.Register(static state => ((RunOptions)state!).Terminate = true, runOptions);
        try
        {
            return Run(requests, options, Math.Min(slots, requests.Count), runOptions, cancellationToken);
        }
        catch (OnnxRuntimeException ex) when (cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException("generation was cancelled", ex, cancellationToken);
        }
    }

    private List<GenerationResult> Run(IReadOnlyList<GenerationRequest> requests, GenerationOptions options, int slots, RunOptions runOptions, CancellationToken cancellationToken)
    {
        var eos = new HashSet<long>(_model.Config.EosTokenIds);
        var states = new SequenceState?[requests.Count];
        var started = new long[requests.Count];
        var lastPosition = new long[requests.Count];
        var pending = new Queue<int>(Enumerable.Range(slots, requests.Count - slots));

        // active[i] is the request index of cache row i; mask is [rows, width], 1 where a row has a real token.
        var active = Enumerable.Range(0, slots).ToList();
        var (decoder, mask, width) = Prefill(active);
        var next = Array.Empty<long>();
        try
        {
            next = Choose(active, decoder);
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var finished = active.Count(r => states[r]!.Finished);
                if (finished > 0 && pending.Count > 0)
                {
                    (mask, width, next) = Refill(finished);
                }
                else if (finished == active.Count)
                {
                    break;
                }
                else if (finished > 0 && finished * 4 >= active.Count)
                {
                    var keep = Enumerable.Range(0, active.Count).Where(i => !states[active[i]]!.Finished).ToList();
                    if (decoder.Compact(keep))
                    {
                        mask = Rows(mask, width, keep);
                        next = [.. keep.Select(i => next[i])];
                        active = [.. keep.Select(i => active[i])];
                    }
                }

                var rows = active.Count;
                var grown = new long[rows * (width + 1)];
                var stepPositions = new long[rows];
                for (var i = 0; i < rows; i++)
                {
                    Array.Copy(mask, i * width, grown, i * (width + 1), width);
                    grown[(i * (width + 1)) + width] = 1;
                    stepPositions[i] = ++lastPosition[active[i]];
                }

                (mask, width) = (grown, width + 1);
                using var stepEmbeds = Embed(next, rows, 1, runOptions);
                decoder.Step(stepEmbeds[0], mask, stepPositions, 1);
                next = Choose(active, decoder);
            }
        }
        finally
        {
            decoder.Dispose();
        }

        return [.. states.Select(s => s!.ToResult())];

        // Picks each unfinished row's token; a finished row steps on padding until it is dropped or replaced.
        long[] Choose(List<int> rows, KvCacheDecoder source)
        {
            var chosen = new long[rows.Count];
            for (var i = 0; i < rows.Count; i++)
            {
                var state = states[rows[i]]!;
                if (!state.Finished)
                {
                    chosen[i] = state.Choose(source.Logits(i));
                    state.Accept(chosen[i], Stopwatch.GetElapsedTime(started[rows[i]]).TotalSeconds);
                }

                chosen[i] = state.Finished ? _model.Config.PadTokenId : chosen[i];
            }

            return chosen;
        }

        // Prefills the next requests into as many slots as finished, then merges their cache behind the rows still
        // generating; positions that are padding for every kept row are dropped on the way.
        (long[] Mask, int Width, long[] Next) Refill(int finished)
        {
            var keep = Enumerable.Range(0, active.Count).Where(i => !states[active[i]]!.Finished).ToList();
            var added = Enumerable.Range(0, Math.Min(finished, pending.Count)).Select(_ => pending.Dequeue()).ToList();
            var (fresh, freshMask, freshWidth) = Prefill(added);
            var adopted = false;
            try
            {
                var freshNext = Choose(added, fresh);
                if (keep.Count == 0)
                {
                    // Nothing left to merge with: the new rows' cache simply becomes the running one.
                    decoder.Dispose();
                    (decoder, adopted, active) = (fresh, true, added);
                    return (freshMask, freshWidth, freshNext);
                }

                var trim = keep.Min(i => LeadingZeros(mask, i, width));
                var length = Math.Max(width - trim, freshWidth);
                decoder.Merge(_model.Merger, keep, trim, length - (width - trim), fresh, length - freshWidth);
                var merged = new long[(keep.Count + added.Count) * length];
                for (var i = 0; i < keep.Count; i++)
                {
                    Array.Copy(mask, (keep[i] * width) + trim, merged, (i * length) + length - (width - trim), width - trim);
                }

                for (var i = 0; i < added.Count; i++)
                {
                    Array.Copy(freshMask, i * freshWidth, merged, ((keep.Count + i) * length) + length - freshWidth, freshWidth);
                }

                var mergedNext = keep.Select(i => next[i]).Concat(freshNext).ToArray();
                active = [.. keep.Select(i => active[i]).Concat(added)];
                return (merged, length, mergedNext);
            }
            finally
            {
                if (!adopted)
                {
                    fresh.Dispose();
                }
            }
        }

        (KvCacheDecoder Decoder, long[] Mask, int Width) Prefill(List<int> indices)
        {
            var batch = indices.Count;
            var length = indices.Max(r => requests[r].PromptIds.Length);
            var ids = new long[batch * length];
            var prefillMask = new long[batch * length];
            var positions = new long[batch * length];
            for (var b = 0; b < batch; b++)
            {
                var r = indices[b];
                var prompt = requests[r].PromptIds;
                var pad = length - prompt.Length;
                for (var i = 0; i < length; i++)
                {
                    var at = (b * length) + i;
                    var real = i >= pad;
                    ids[at] = real ? prompt[i - pad] : _model.Config.PadTokenId;
                    prefillMask[at] = real ? 1 : 0;
                    positions[at] = real ? i - pad : 1;
                }

                lastPosition[r] = prompt.Length - 1;
                started[r] = Stopwatch.GetTimestamp();
                states[r] = new SequenceState(requests[r].Key, options, eos, _model.Tokenizer, requests[r].MaxNewTokens);
            }

            using var promptEmbeds = Embed(ids, batch, length, runOptions);
            MergeImageFeatures([.. indices.Select(r => requests[r])], ids, length, promptEmbeds[0], runOptions);
            var prefillDecoder = new KvCacheDecoder(_model.Decoder, _model.Signature, _model.CacheMemory, runOptions, batch, _model.Compactor);
            try
            {
                prefillDecoder.Step(promptEmbeds[0], prefillMask, positions, length);
                return (prefillDecoder, prefillMask, length);
            }
            catch
            {
                prefillDecoder.Dispose();
                throw;
            }
        }
    }

    private static int LeadingZeros(long[] mask, int row, int width)
    {
        var count = 0;
        while (count < width && mask[(row * width) + count] == 0)
        {
            count++;
        }

        return count;
    }

    private static long[] Rows(long[] matrix, int width, List<int> rows)
    {
        var result = new long[rows.Count * width];
        for (var i = 0; i < rows.Count; i++)
        {
            Array.Copy(matrix, rows[i] * width, result, i * width, width);
        }

        return result;
    }

    private IDisposableReadOnlyCollection<OrtValue> Embed(long[] ids, int batch, int length, RunOptions runOptions)
    {
        using var input = TensorData.FromInt64(ids.Length == batch * length ? ids : ids[..(batch * length)], [batch, length]);
        var inputName = _model.Embed.InputMetadata.Keys.First();
        var outputName = _model.Embed.OutputMetadata.Keys.First();
        return _model.Embed.Run(runOptions, [inputName], [input], [outputName]);
    }

    private void MergeImageFeatures(IReadOnlyList<GenerationRequest> requests, long[] ids, int length, OrtValue embeds, RunOptions runOptions)
    {
        var imageToken = _model.Config.ImageTokenId;
        var withImage = new List<int>();
        for (var b = 0; b < requests.Count; b++)
        {
            var placeholders = 0;
            for (var i = 0; i < length; i++)
            {
                placeholders += ids[(b * length) + i] == imageToken ? 1 : 0;
            }

            if (requests[b].Pixels is null)
            {
                if (placeholders > 0)
                {
                    throw new ModelFormatException($"row '{requests[b].Key}': the prompt holds {placeholders} image tokens but no image was given");
                }

                continue;
            }

            withImage.Add(b);
        }

        if (withImage.Count == 0)
        {
            return;
        }

        var vision = _model.Vision ?? throw new ModelFormatException($"{_model.Files.Directory} has no vision_encoder graph, so images cannot be captioned");
        var pre = _model.Config.Preprocessor;
        var pixelCount = 3 * pre.OutputHeight * pre.OutputWidth;
        var input = vision.InputMetadata.First();
        using var pixels = TensorData.Allocate(input.Value.ElementDataType, [withImage.Count, 3, pre.OutputHeight, pre.OutputWidth]);
        for (var i = 0; i < withImage.Count; i++)
        {
            var tensor = requests[withImage[i]].Pixels!;
            if (tensor.Length != pixelCount)
            {
                throw new ArgumentException($"row '{requests[withImage[i]].Key}': image tensor has {tensor.Length} values, the preprocessor makes {pixelCount}");
            }

            TensorData.WriteFloats(pixels, input.Value.ElementDataType, (long)i * pixelCount, tensor);
        }

        using var outputs = vision.Run(runOptions, [input.Key], [pixels], [vision.OutputMetadata.Keys.First()]);
        var features = outputs[0];
        var shape = features.GetTensorTypeAndShape().Shape;
        var hidden = (int)shape[^1];
        var rows = shape.Length == 3 ? (int)shape[1] : (int)(shape[0] / withImage.Count);
        var embedShape = embeds.GetTensorTypeAndShape().Shape;
        if (embedShape[^1] != hidden)
        {
            throw new ModelFormatException($"image features have width {hidden} but token embeddings have width {embedShape[^1]}");
        }

        for (var i = 0; i < withImage.Count; i++)
        {
            var b = withImage[i];
            var placeholders = new List<int>();
            for (var t = 0; t < length; t++)
            {
                if (ids[(b * length) + t] == imageToken)
                {
                    placeholders.Add(t);
                }
            }

            if (placeholders.Count != rows)
            {
                throw new ModelFormatException(
                    $"row '{requests[b].Key}': number of image tokens in the prompt ({placeholders.Count}) does not match the vision encoder's feature rows ({rows})");
            }

            for (var r = 0; r < rows; r++)
            {
                TensorData.CopyElements(features, (((long)i * rows) + r) * hidden, embeds, (((long)b * length) + placeholders[r]) * hidden, hidden);
            }
        }
    }
}
