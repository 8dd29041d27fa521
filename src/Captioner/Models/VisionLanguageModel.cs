using DataForge.Captioner.Generation;
using DataForge.Captioner.Runtime;
using DataForge.Core.Errors;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.ML.OnnxRuntime;

namespace DataForge.Captioner.Models;

/// <summary>
/// A LLaVA-family model loaded from a three-session folder: vision encoder, token embedding and merged decoder
/// sessions, its configs and tokenizer. Owns every native handle; create one per worker and dispose it.
/// </summary>
public sealed class VisionLanguageModel : IDisposable
{
    private readonly SessionOptions[] _sessionOptions;
    private readonly HuggingFaceTokenizer? _tokenizer;

    private VisionLanguageModel(ModelFiles files, VlmConfig config, SessionOptions[] sessionOptions, bool usesCuda, int deviceId, HuggingFaceTokenizer? tokenizer)
    {
        Files = files;
        Config = config;
        _sessionOptions = sessionOptions;
        _tokenizer = tokenizer;
        UsesCuda = usesCuda;
        CacheMemory = usesCuda
            ? new OrtMemoryInfo(OrtMemoryInfo.allocatorCUDA, OrtAllocatorType.DeviceAllocator, deviceId, OrtMemType.Default)
            : OrtMemoryInfo.DefaultInstance;
        try
        {
            Decoder = new InferenceSession(files.DecoderPath, sessionOptions[0]);
            Vision = files.VisionEncoderPath is null ? null : new InferenceSession(files.VisionEncoderPath, sessionOptions[1]);
            Embed = new InferenceSession(files.EmbedTokensPath, sessionOptions[2]);
        }
        catch (OnnxRuntimeException ex)
        {
            DisposeSessions();
            throw new ModelFormatException($"{files.Directory}: ONNX Runtime could not load a graph: {ex.Message}", ex);
        }

        Signature = DecoderSignature.Read(Decoder, files.DecoderPath);
        Compactor = new KvCacheCompactor(Signature, sessionOptions[0]);
        Merger = new KvCacheMerger(Signature, sessionOptions[0]);
        ImageTokenCount = ResolveImageTokenCount();
    }

    /// <summary>Gets the located graph files.</summary>
    public ModelFiles Files { get; }

    /// <summary>Gets the parsed configs.</summary>
    public VlmConfig Config { get; }

    /// <summary>Gets the tokenizer, or <see langword="null"/> when the folder has no <c>tokenizer.json</c>.</summary>
    public ICaptionTokenizer? Tokenizer => _tokenizer;

    /// <summary>Gets whether the sessions run on the CUDA provider.</summary>
    public bool UsesCuda { get; }

    /// <summary>Gets the number of image placeholder tokens one image fills (0 without a vision encoder).</summary>
    public int ImageTokenCount { get; }

    /// <summary>Gets the decoder's layer count, derived from its <c>past_key_values.*</c> inputs.</summary>
    public int LayerCount => Signature.LayerCount;

    /// <summary>Gets the decoder's KV head count, from the cache inputs' static dims.</summary>
    public int KvHeads => Signature.KvHeads;

    /// <summary>Gets the decoder's head size, from the cache inputs' static dims.</summary>
    public int HeadSize => Signature.HeadSize;

    internal InferenceSession? Vision { get; private set; }

    internal InferenceSession Embed { get; private set; } = null!;

    internal InferenceSession Decoder { get; private set; } = null!;

    internal DecoderSignature Signature { get; }

    internal OrtMemoryInfo CacheMemory { get; }

    internal KvCacheCompactor Compactor { get; }

    internal KvCacheMerger Merger { get; }

    /// <summary>Loads a model folder.</summary>
    /// <param name="directory">The folder (configs at its root, graphs in <c>onnx/</c>).</param>
    /// <param name="options">Dtype and provider choice.</param>
    /// <param name="logger">Receives the one line explaining a CPU fallback.</param>
    /// <returns>The model.</returns>
    /// <exception cref="ModelFormatException">A file, tensor or count is wrong.</exception>
    /// <exception cref="EnvironmentUnavailableException">CUDA was required and cannot be used.</exception>
    public static VisionLanguageModel Load(string directory, ModelLoadOptions? options = null, ILogger? logger = null)
    {
        options ??= new ModelLoadOptions();
        logger ??= NullLogger.Instance;
        var files = ModelFiles.Locate(directory, options.Dtype);
        var config = VlmConfig.Load(directory);
        var tokenizerPath = Path.Combine(directory, "tokenizer.json");
        // Each session has its own intra-op thread pool, and idle ORT threads spin: on a small CPU the vision and
        // embedding pools would steal cores from the decoder. The embedding lookup runs on the calling thread and
        // the vision pool sleeps when idle.
        SessionOptions[] sessionOptions = [new SessionOptions(), new SessionOptions(), new SessionOptions { IntraOpNumThreads = 1 }];
        HuggingFaceTokenizer? tokenizer = null;
        try
        {
            if (options.IntraOpThreads > 0)
            {
                sessionOptions[0].IntraOpNumThreads = options.IntraOpThreads;
                sessionOptions[1].IntraOpNumThreads = options.IntraOpThreads;
            }

            // The decoder's pool (and the cache compactor's and merger's, made with its options) sleeps too: on the
            // 2-core bench machine its spinning workers cost 20-30 % more CPU per token at batch 1 and 16 for no gain
            // in wall time, and under load they were the slowest configuration (bench/RESULTS.md, "Captioner").
            sessionOptions[0].AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
            sessionOptions[1].AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
            var cuda = ChooseProvider(options, sessionOptions, logger);
            tokenizer = File.Exists(tokenizerPath) ? HuggingFaceTokenizer.Load(tokenizerPath) : null;
            var model = new VisionLanguageModel(files, config, sessionOptions, cuda, options.DeviceId, tokenizer);
            logger.LogInformation(
                "Loaded {Directory} ({Dtypes}) on {Provider}: {Layers} layers, {KvHeads} KV heads of size {HeadSize}, {ImageTokens} image tokens",
                files.Directory, string.Join(", ", files.Dtypes.Select(d => $"{d.Key}={d.Value}")), cuda ? "CUDA" : "CPU",
                model.LayerCount, model.KvHeads, model.HeadSize, model.ImageTokenCount);
            return model;
        }
        catch
        {
            tokenizer?.Dispose();
            foreach (var o in sessionOptions)
            {
                o.Dispose();
            }

            throw;
        }
    }

    /// <summary>Generates for a batch of rows with left padding and a KV cache; each row's output does not depend on its batch.</summary>
    /// <param name="requests">The rows.</param>
    /// <param name="options">Validated generation options.</param>
    /// <param name="cancellationToken">Cancels between steps and terminates a running step.</param>
    /// <returns>One result per request, in order.</returns>
    /// <exception cref="ModelFormatException">A prompt's image tokens do not match the encoder's feature rows.</exception>
    public IReadOnlyList<GenerationResult> Generate(IReadOnlyList<GenerationRequest> requests, GenerationOptions options, CancellationToken cancellationToken = default) =>
        new BatchGenerator(this).Generate(requests, options, requests.Count, cancellationToken);

    /// <summary>
    /// Generates with continuous batching: at most <paramref name="slots"/> rows decode together, and when rows
    /// finish their cache slots are refilled with the next requests' prefills instead of the batch shrinking.
    /// Each row's tokens equal what <see cref="Generate"/> gives it.
    /// </summary>
    /// <param name="requests">The rows, prefilled in order as slots free up.</param>
    /// <param name="slots">The most rows decoding at once (the batch size).</param>
    /// <param name="options">Validated generation options.</param>
    /// <param name="cancellationToken">Cancels between steps and terminates a running step.</param>
    /// <returns>One result per request, in order.</returns>
    /// <exception cref="ModelFormatException">A prompt's image tokens do not match the encoder's feature rows.</exception>
    public IReadOnlyList<GenerationResult> GenerateContinuous(IReadOnlyList<GenerationRequest> requests, int slots, GenerationOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(slots, 1);
        return new BatchGenerator(this).Generate(requests, options, slots, cancellationToken);
    }

    /// <summary>Formats and tokenizes a prompt with the model's chat template and image placeholders.</summary>
    /// <param name="prompt">The user prompt.</param>
    /// <param name="withImage">Whether the turn holds an image.</param>
    /// <returns>The prompt ids.</returns>
    /// <exception cref="InvalidOperationException">The model has no tokenizer.</exception>
    public long[] EncodePrompt(string prompt, bool withImage = true)
    {
        var tokenizer = Tokenizer ?? throw new InvalidOperationException($"{Files.Directory} has no tokenizer.json");
        return tokenizer.Encode(ChatTemplates.Format(Config.ChatTemplate, prompt, Config.ImageToken, withImage ? ImageTokenCount : 0));
    }

    /// <inheritdoc />
    public void Dispose()
    {
        DisposeSessions();
        // On CPU this is ORT's process-wide default instance, which must never be disposed.
        if (UsesCuda)
        {
            CacheMemory.Dispose();
        }

        _tokenizer?.Dispose();
        foreach (var options in _sessionOptions)
        {
            options.Dispose();
        }
    }

    private static bool ChooseProvider(ModelLoadOptions options, SessionOptions[] sessionOptions, ILogger logger)
    {
        if (options.ExecutionProvider == ExecutionProviderKind.Cpu)
        {
            return false;
        }

        var reason = OrtEnvironmentProbe.CudaUnavailableReason();
        if (reason is not null)
        {
            if (options.ExecutionProvider == ExecutionProviderKind.Cuda)
            {
                throw new EnvironmentUnavailableException("CUDAExecutionProvider", reason);
            }

            logger.LogWarning("CUDA execution provider unavailable, captioning on CPU: {Reason}", reason);
            return false;
        }

        foreach (var o in sessionOptions)
        {
            o.AppendExecutionProvider_CUDA(options.DeviceId);
        }

        return true;
    }

    private int ResolveImageTokenCount()
    {
        if (Vision is null)
        {
            return 0;
        }

        var output = Vision.OutputMetadata.Values.First();
        var dims = output.Dimensions;
        var featureRows = dims.Length == 3 && dims[1] > 0 ? dims[1] : (int?)null;
        if (Config.ImageTokenCount is { } configured)
        {
            if (featureRows is { } rows && rows != configured)
            {
                throw new ModelFormatException(
                    $"{Files.Directory}: the processor config expands an image to {configured} image tokens but the vision encoder returns {rows} feature rows per image");
            }

            return configured;
        }

        return featureRows ?? throw new ModelFormatException(
            $"{Files.Directory}: cannot tell how many image tokens an image takes: processor_config.json has no patch_size or image_seq_length and the vision encoder's output rows are dynamic");
    }

    private void DisposeSessions()
    {
        Compactor?.Dispose();
        Merger?.Dispose();
        Vision?.Dispose();
        Embed?.Dispose();
        Decoder?.Dispose();
    }
}
