using System.Diagnostics;
using DataForge.Captioner.Models;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace DataForge.Captioner.Generation;

/// <summary>
/// One batched generation: left-pads the prompts (mask 0, position 1 on padding, positions counted from each
/// row's first real token), embeds them, writes the image features over the image placeholder rows, prefills,
/// then decodes one token per row per step through <see cref="KvCacheDecoder"/> until every row has finished.
/// </summary>
internal sealed class BatchGenerator
{
    private readonly VisionLanguageModel _model;

    public BatchGenerator(VisionLanguageModel model)
    {
        _model = model;
    }

    public IReadOnlyList<GenerationResult> Generate(IReadOnlyList<GenerationRequest> requests, GenerationOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(requests);
        ArgumentNullException.ThrowIfNull(options);
        if (requests.Count == 0)
        {
            return [];
        }

        var started = Stopwatch.GetTimestamp();
        using var runOptions = new RunOptions();
        using var registration = cancellationToken.Register(static state => ((RunOptions)state!).Terminate = true, runOptions);
        try
        {
            return Run(requests, options, runOptions, started, cancellationToken);
        }
        catch (OnnxRuntimeException ex) when (cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException("generation was cancelled", ex, cancellationToken);
        }
    }

    private List<GenerationResult> Run(IReadOnlyList<GenerationRequest> requests, GenerationOptions options, RunOptions runOptions, long started, CancellationToken cancellationToken)
    {
        var batch = requests.Count;
        var length = requests.Max(r => r.PromptIds.Length);
        var ids = new long[batch * length];
        var mask = new long[batch * length];
        var positions = new long[batch * length];
        var lastPosition = new long[batch];
        for (var b = 0; b < batch; b++)
        {
            var prompt = requests[b].PromptIds;
            var pad = length - prompt.Length;
            for (var i = 0; i < length; i++)
            {
                var at = (b * length) + i;
                var real = i >= pad;
                ids[at] = real ? prompt[i - pad] : _model.Config.PadTokenId;
                mask[at] = real ? 1 : 0;
                positions[at] = real ? i - pad : 1;
            }

            lastPosition[b] = prompt.Length - 1;
        }

        using var promptEmbeds = Embed(ids, batch, length, runOptions);
        MergeImageFeatures(requests, ids, length, promptEmbeds[0], runOptions);

        var eos = new HashSet<long>(_model.Config.EosTokenIds);
        var states = new SequenceState[batch];
        for (var b = 0; b < batch; b++)
        {
            states[b] = new SequenceState(requests[b].Key, options, eos, _model.Tokenizer);
        }

        using var decoder = new KvCacheDecoder(_model.Decoder, _model.Signature, _model.CacheMemory, runOptions, batch, _model.Compactor);
        var logits = decoder.Step(promptEmbeds[0], mask, positions, length);

        // active[i] is the request index of cache row i; rows that finish are dropped from the cache in groups.
        var active = Enumerable.Range(0, batch).ToList();
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var vocabulary = decoder.VocabularySize;
            var elapsed = Stopwatch.GetElapsedTime(started).TotalSeconds;
            var next = new long[active.Count];
            var finished = 0;
            for (var i = 0; i < active.Count; i++)
            {
                var state = states[active[i]];
                if (!state.Finished)
                {
                    var token = state.Choose(logits.AsSpan(i * vocabulary, vocabulary));
                    state.Accept(token, elapsed);
                    next[i] = token;
                }

                if (state.Finished)
                {
                    // Until the next compaction a finished row keeps stepping on padding; its output is ignored.
                    next[i] = _model.Config.PadTokenId;
                    finished++;
                }
            }

            if (finished == active.Count)
            {
                break;
            }

            var width = decoder.PastLength;
            if (finished > 0 && finished * 4 >= active.Count)
            {
                var keep = Enumerable.Range(0, active.Count).Where(i => !states[active[i]].Finished).ToList();
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

            mask = grown;
            using var stepEmbeds = Embed(next, rows, 1, runOptions);
            logits = decoder.Step(stepEmbeds[0], mask, stepPositions, 1);
        }

        return [.. states.Select(s => s.ToResult())];
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
