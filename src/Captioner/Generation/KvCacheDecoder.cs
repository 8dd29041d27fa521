using DataForge.Captioner.Models;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace DataForge.Captioner.Generation;

/// <summary>
/// Runs the decoder step by step through an <see cref="OrtIoBinding"/>: each step's <c>present.*</c> outputs are
/// bound to <see cref="_cacheMemory"/> (the GPU under CUDA) and fed back as the next step's <c>past_key_values.*</c>
/// without leaving the device; only the last position's logits come back to the host. The same code runs on
/// the CPU provider with CPU memory, which is how it is tested here.
/// </summary>
internal sealed class KvCacheDecoder : IDisposable
{
    private readonly InferenceSession _session;
    private readonly DecoderSignature _signature;
    private readonly OrtMemoryInfo _cacheMemory;
    private readonly RunOptions _runOptions;
    private readonly KvCacheCompactor? _compactor;
    private readonly OrtValue[] _emptyPast;

    // Constant per-step inputs, made once: 1 for logits-to-keep (only the last position reaches the LM head), and
    // use_cache_branch false for the first run, true after.
    private readonly (string Name, OrtValue Value)? _keepOne;
    private readonly OrtValue[] _useCache;
    private int _batch;

    // The binding owns its output values, so the run that produced the current cache stays alive until the
    // next run has consumed it; _past points into its outputs (or at the empty first-step tensors).
    private OrtIoBinding? _binding;
    private IDisposableReadOnlyCollection<OrtValue>? _outputs;
    private int _pastOffset;
    private bool _hasLogits;
    private int _logitsPositions;
    private float[]? _halfLogits;

    public KvCacheDecoder(InferenceSession session, DecoderSignature signature, OrtMemoryInfo cacheMemory, RunOptions runOptions, int batch, KvCacheCompactor? compactor = null)
    {
        _session = session;
        _signature = signature;
        _cacheMemory = cacheMemory;
        _runOptions = runOptions;
        _compactor = compactor;
        _batch = batch;
        _emptyPast = new OrtValue[2 * signature.LayerCount];
        long[] shape = [batch, signature.KvHeads, 0, signature.HeadSize];
        for (var i = 0; i < _emptyPast.Length; i++)
        {
            _emptyPast[i] = TensorData.Allocate(signature.CacheType, shape);
        }

        _keepOne = signature.LogitsToKeepName is { } keep ? (keep, TensorData.FromInt64([1L], signature.LogitsToKeepShape)) : null;
        _useCache = signature.HasUseCacheBranch
            ? [OrtValue.CreateTensorValueFromMemory(new[] { false }, [1]), OrtValue.CreateTensorValueFromMemory(new[] { true }, [1])]
            : [];
    }

    /// <summary>Gets the number of positions held in the cache.</summary>
    public int PastLength { get; private set; }

    /// <summary>Gets the number of rows in the cache.</summary>
    public int BatchSize => _batch;

    /// <summary>Gets the number of positions the last step's logits hold per row (1 when the graph keeps only the last).</summary>
    internal int LogitsPositions => _logitsPositions;

    /// <summary>Gets the vocabulary size seen in the last logits.</summary>
    public int VocabularySize { get; private set; }

    /// <summary>
    /// Runs one step. The last position's logits are then read with <see cref="Logits"/> until the next run on this
    /// cache, straight from the decoder's output: copying [batch, 151,936] floats out every step cost as much as
    /// choosing the tokens.
    /// </summary>
    /// <param name="inputsEmbeds">[batch, seq, hidden] embeddings of the new tokens.</param>
    /// <param name="attentionMask">[batch, past + seq] mask, 1 for real tokens.</param>
    /// <param name="positionIds">[batch, seq] positions.</param>
    /// <param name="sequenceLength">seq.</param>
    public void Step(OrtValue inputsEmbeds, long[] attentionMask, long[] positionIds, int sequenceLength)
    {
        var total = PastLength + sequenceLength;
        var binding = _session.CreateIoBinding();
        var hostInputs = new List<OrtValue>(4);
        IDisposableReadOnlyCollection<OrtValue>? outputs = null;
        try
        {
            binding.BindInput(DecoderSignature.InputsEmbeds, inputsEmbeds);
            hostInputs.Add(TensorData.FromInt64(attentionMask, [_batch, total]));
            binding.BindInput(DecoderSignature.AttentionMask, hostInputs[^1]);
            if (_signature.HasPositionIds)
            {
                hostInputs.Add(TensorData.FromInt64(positionIds, [_batch, sequenceLength]));
                binding.BindInput(DecoderSignature.PositionIds, hostInputs[^1]);
            }

            if (_signature.HasUseCacheBranch)
            {
                binding.BindInput(DecoderSignature.UseCacheBranch, _useCache[PastLength > 0 ? 1 : 0]);
            }

            if (_keepOne is { } keep)
            {
                binding.BindInput(keep.Name, keep.Value);
            }

            for (var layer = 0; layer < _signature.LayerCount; layer++)
            {
                binding.BindInput(DecoderSignature.PastKey(layer), Past(2 * layer));
                binding.BindInput(DecoderSignature.PastValue(layer), Past((2 * layer) + 1));
            }

            binding.BindOutputToDevice(DecoderSignature.Logits, OrtMemoryInfo.DefaultInstance);
            for (var layer = 0; layer < _signature.LayerCount; layer++)
            {
                binding.BindOutputToDevice(DecoderSignature.PresentKey(layer), _cacheMemory);
                binding.BindOutputToDevice(DecoderSignature.PresentValue(layer), _cacheMemory);
            }

            _session.RunWithBinding(_runOptions, binding);
            outputs = binding.GetOutputValues();
            ReadLogitsShape(outputs[0]);

            Replace(binding, outputs, pastOffset: 1);
            outputs = null;
            binding = null;
            PastLength = total;
            _hasLogits = true;
        }
        finally
        {
            outputs?.Dispose();
            binding?.Dispose();
            foreach (var value in hostInputs)
            {
                value.Dispose();
            }
        }
    }

    /// <summary>Gets one row's logits for the last position of the latest <see cref="Step"/>.</summary>
    /// <param name="row">The cache row.</param>
    /// <returns>[vocab] logits, valid until the next run on this cache.</returns>
    public ReadOnlySpan<float> Logits(int row)
    {
        if (!_hasLogits || _outputs is null)
        {
            throw new InvalidOperationException("no logits: the cache was rewritten (or never stepped) since the last step");
        }

        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)row, (uint)_batch, nameof(row));
        var offset = (((long)row * _logitsPositions) + _logitsPositions - 1) * VocabularySize;
        var logits = _outputs[0];
        if (_halfLogits is null)
        {
            return logits.GetTensorDataAsSpan<float>().Slice((int)offset, VocabularySize);
        }

        TensorData.ReadFloats(logits, offset, _halfLogits);
        return _halfLogits;
    }

    /// <summary>Keeps only the given rows of the cache (gathered where the cache lives), in the given order.</summary>
    /// <param name="rows">Current row indices to keep.</param>
    /// <returns><see langword="false"/> when no compactor is configured or the cache is still empty.</returns>
    public bool Compact(IReadOnlyList<int> rows)
    {
        if (_compactor is null || _outputs is null)
        {
            return false;
        }

        using var indices = TensorData.FromInt64([.. rows.Select(r => (long)r)], [rows.Count]);
        RunOnCache(_compactor.Session, binding =>
        {
            binding.BindInput(KvCacheCompactor.RowsInput, indices);
            for (var i = 0; i < 2 * _signature.LayerCount; i++)
            {
                binding.BindInput(KvCacheCompactor.InputName(i), Past(i));
                binding.BindOutputToDevice(KvCacheCompactor.OutputName(i), _cacheMemory);
            }
        });
        _batch = rows.Count;
        return true;
    }

    /// <summary>
    /// Replaces this cache with the rows of <paramref name="keep"/> (their first <paramref name="trim"/> positions
    /// dropped, then left-padded by <paramref name="oldPad"/>) followed by every row of <paramref name="added"/>
    /// (left-padded by <paramref name="newPad"/>): continuous batching's refill, done where the cache lives.
    /// </summary>
    /// <returns>The new number of positions.</returns>
    public int Merge(KvCacheMerger merger, IReadOnlyList<int> keep, int trim, int oldPad, KvCacheDecoder added, int newPad)
    {
        if (_outputs is null || added._outputs is null)
        {
            throw new InvalidOperationException("both caches must have been prefilled before they are merged");
        }

        using var rows = TensorData.FromInt64([.. keep.Select(r => (long)r)], [keep.Count]);
        using var trimValue = TensorData.FromInt64([trim], [1]);
        using var oldPads = TensorData.FromInt64([0, 0, oldPad, 0, 0, 0, 0, 0], [8]);
        using var newPads = TensorData.FromInt64([0, 0, newPad, 0, 0, 0, 0, 0], [8]);
        RunOnCache(merger.Session, binding =>
        {
            binding.BindInput(KvCacheMerger.RowsInput, rows);
            binding.BindInput(KvCacheMerger.TrimInput, trimValue);
            binding.BindInput(KvCacheMerger.OldPadsInput, oldPads);
            binding.BindInput(KvCacheMerger.NewPadsInput, newPads);
            for (var i = 0; i < 2 * _signature.LayerCount; i++)
            {
                binding.BindInput(KvCacheMerger.OldName(i), Past(i));
                binding.BindInput(KvCacheMerger.NewName(i), added.Past(i));
                binding.BindOutputToDevice(KvCacheMerger.OutputName(i), _cacheMemory);
            }
        });
        _batch = keep.Count + added._batch;
        PastLength = PastLength - trim + oldPad;
        return PastLength;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _outputs?.Dispose();
        _binding?.Dispose();
        foreach (var value in _emptyPast.Concat(_useCache))
        {
            value.Dispose();
        }

        _keepOne?.Value.Dispose();
    }

    // Runs a cache-rewriting graph (compactor, merger) whose outputs are the whole new cache.
    private void RunOnCache(InferenceSession session, Action<OrtIoBinding> bind)
    {
        var binding = session.CreateIoBinding();
        IDisposableReadOnlyCollection<OrtValue>? outputs = null;
        try
        {
            bind(binding);
            session.RunWithBinding(_runOptions, binding);
            outputs = binding.GetOutputValues();
            Replace(binding, outputs, pastOffset: 0);
            outputs = null;
            binding = null;
        }
        finally
        {
            outputs?.Dispose();
            binding?.Dispose();
        }
    }

    // Decoder outputs: logits, then present.{i}.key, present.{i}.value in binding order; compactor outputs: the cache only.
    private OrtValue Past(int index) => _outputs is null ? _emptyPast[index] : _outputs[_pastOffset + index];

    private void Replace(OrtIoBinding binding, IDisposableReadOnlyCollection<OrtValue> outputs, int pastOffset)
    {
        _hasLogits = false;
        _outputs?.Dispose();
        _binding?.Dispose();
        _outputs = outputs;
        _binding = binding;
        _pastOffset = pastOffset;
    }

    private void ReadLogitsShape(OrtValue logits)
    {
        var info = logits.GetTensorTypeAndShape();
        var shape = info.Shape;
        if (shape.Length != 3 || shape[0] != _batch)
        {
            throw new ModelFormatException($"decoder logits have shape [{string.Join(", ", shape)}], expected [batch={_batch}, seq, vocab]");
        }

        _logitsPositions = (int)shape[1];
        VocabularySize = (int)shape[2];
        // fp16 logits are widened one row at a time into a buffer the caller reads before asking for the next row.
        _halfLogits = info.ElementDataType == TensorElementType.Float ? null
            : _halfLogits?.Length == VocabularySize ? _halfLogits : new float[VocabularySize];
    }
}
