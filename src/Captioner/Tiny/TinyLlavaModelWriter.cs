using DataForge.Core.Onnx;
using DataForge.Captioner.Models;

namespace DataForge.Captioner.Tiny;

/// <summary>
/// Writes a tiny LLaVA-style model in the onnx-community three-session layout (vision encoder, token embedding,
/// merged decoder with a real KV cache and real masked attention), plus its config and tokenizer files. Its
/// weights make the output a known function of the image and the previous token: the image's dominant colour
/// picks a script ("red apple on wooden table ." / "green leaf green leaf …" / "blue sky over calm sea …"), each
/// next token follows the current one in that script, and from <see cref="TinyLlavaModelOptions.EosPosition"/> on
/// the model ends the sequence. The demo captions with it, and the tests check generation against it.
/// </summary>
public static partial class TinyLlavaModelWriter
{
    /// <summary>Id of the end-of-sequence token.</summary>
    public const long EosId = 2;

    /// <summary>Id of the padding token.</summary>
    public const long PadId = 3;

    /// <summary>Id of the image placeholder token.</summary>
    public const long ImageId = 4;

    private static readonly IReadOnlyList<string> Specials = LlavaConfigFiles.Specials;

    private static readonly string[] PromptWords =
    [
        "USER", "ASSISTANT", ":", "Describe", "describe", "this", "image", "and", "its", "style", "in", "a", "very",
        "detailed", "manner", "Given", "the", "caption", "of", "\"", ",", "photo", "picture",
    ];

    // One script per colour class (red, green, blue); "." is shared and always leads to end-of-sequence.
    private static readonly string[][] Scripts =
    [
        ["red", "apple", "on", "wooden", "table"],
        ["green", "leaf"],
        ["blue", "sky", "over", "calm", "sea", "with", "small", "white", "boats", "near", "rocky", "shore", "under", "soft", "morning", "light"],
    ];

    private const string Period = ".";

    /// <summary>Gets the model id the writer records in <c>config.json</c>.</summary>
    public static string ModelId => "dataforge/tiny-llava";

    /// <summary>Writes the model folder.</summary>
    /// <param name="directory">Destination; created if missing, existing files replaced.</param>
    /// <param name="options">Shape; defaults when <see langword="null"/>.</param>
    /// <returns>The folder's full path.</returns>
    public static string Write(string directory, TinyLlavaModelOptions? options = null)
    {
        options ??= new TinyLlavaModelOptions();
        if (options.ImageSize % options.PatchSize != 0 || options.Layers < 1)
        {
            throw new ArgumentException("image size must be a multiple of the patch size, and there must be a layer", nameof(options));
        }

        var vocabulary = Vocabulary();
        var onnx = Path.Combine(directory, ModelFiles.OnnxFolder);
        Directory.CreateDirectory(onnx);
        var suffix = options.Float16 ? ModelFiles.SuffixOf("fp16") : "";
        var tokens = (options.ImageSize / options.PatchSize) * (options.ImageSize / options.PatchSize);
        VisionGraph(vocabulary.Count, tokens, options).Save(Path.Combine(onnx, ModelFiles.VisionEncoder + suffix + ".onnx"));
        EmbedGraph(vocabulary.Count, options).Save(Path.Combine(onnx, ModelFiles.EmbedTokens + suffix + ".onnx"));
        DecoderGraph(vocabulary, options).Save(Path.Combine(onnx, ModelFiles.Decoder + suffix + ".onnx"));
        WriteConfigs(directory, vocabulary, options);
        return Path.GetFullPath(directory);
    }

    /// <summary>Gets the vocabulary in id order.</summary>
    /// <returns>The words.</returns>
    internal static List<string> Vocabulary()
    {
        var words = new List<string>(Specials);
        words.AddRange(PromptWords);
        foreach (var script in Scripts)
        {
            words.AddRange(script);
        }

        words.Add(Period);
        return words;
    }

    private static void WriteConfigs(string directory, List<string> vocabulary, TinyLlavaModelOptions options) =>
        LlavaConfigFiles.Write(directory, ModelId, vocabulary, options.ImageSize, options.PatchSize, options.Layers, options.MaxPositions, PreprocessorConfig.ClipMean, PreprocessorConfig.ClipStd);
}
