namespace DataForge.Captioner.Models;

/// <summary>
/// The ONNX files of a model folder in the onnx-community / Transformers.js three-session layout
/// (<c>onnx/vision_encoder{sfx}.onnx</c>, <c>onnx/embed_tokens{sfx}.onnx</c>,
/// <c>onnx/decoder_model_merged{sfx}.onnx</c>), with the dtype variant chosen per graph by file suffix.
/// </summary>
public sealed class ModelFiles
{
    /// <summary>Stem of the vision encoder graph.</summary>
    public const string VisionEncoder = "vision_encoder";

    /// <summary>Stem of the token embedding graph.</summary>
    public const string EmbedTokens = "embed_tokens";

    /// <summary>Stem of the merged decoder graph.</summary>
    public const string Decoder = "decoder_model_merged";

    /// <summary>Sub-folder holding the graphs.</summary>
    public const string OnnxFolder = "onnx";

    // Transformers.js DEFAULT_DTYPE_SUFFIX_MAPPING; q8 and quantized name the same files.
    private static readonly Dictionary<string, string> Suffixes = new(StringComparer.OrdinalIgnoreCase)
    {
        ["fp32"] = "", ["fp16"] = "_fp16", ["int8"] = "_int8", ["uint8"] = "_uint8", ["q8"] = "_quantized",
        ["quantized"] = "_quantized", ["q4"] = "_q4", ["q4f16"] = "_q4f16", ["bnb4"] = "_bnb4", ["q2"] = "_q2",
        ["q2f16"] = "_q2f16", ["q1"] = "_q1", ["q1f16"] = "_q1f16",
    };

    // When no dtype is asked for, the most exact variant present wins.
    private static readonly string[] Preference = ["fp32", "fp16", "q4f16", "q8", "int8", "uint8", "q4", "bnb4"];

    private ModelFiles(string directory, string? visionEncoder, string embedTokens, string decoder, IReadOnlyDictionary<string, string> dtypes)
    {
        Directory = directory;
        VisionEncoderPath = visionEncoder;
        EmbedTokensPath = embedTokens;
        DecoderPath = decoder;
        Dtypes = dtypes;
    }

    /// <summary>Gets the model folder.</summary>
    public string Directory { get; }

    /// <summary>Gets the vision encoder graph, or <see langword="null"/> for a text-only folder.</summary>
    public string? VisionEncoderPath { get; }

    /// <summary>Gets the token embedding graph.</summary>
    public string EmbedTokensPath { get; }

    /// <summary>Gets the merged decoder graph.</summary>
    public string DecoderPath { get; }

    /// <summary>Gets the dtype chosen for each graph stem.</summary>
    public IReadOnlyDictionary<string, string> Dtypes { get; }

    /// <summary>Gets the known dtype names.</summary>
    public static IReadOnlyCollection<string> KnownDtypes => Suffixes.Keys;

    /// <summary>Returns the file-name suffix of a dtype (<c>fp16</c> → <c>_fp16</c>).</summary>
    /// <param name="dtype">The dtype name.</param>
    /// <returns>The suffix.</returns>
    /// <exception cref="ModelFormatException">The dtype is unknown.</exception>
    public static string SuffixOf(string dtype) =>
        Suffixes.TryGetValue(dtype, out var suffix)
            ? suffix
            : throw new ModelFormatException($"unknown dtype '{dtype}'; known: {string.Join(", ", Suffixes.Keys)}");

    /// <summary>
    /// Parses a dtype request: one dtype for every graph (<c>q4f16</c>) or per graph
    /// (<c>vision_encoder:fp16,embed_tokens:fp16,decoder_model_merged:q4</c>).
    /// </summary>
    /// <param name="dtype">The request, or <see langword="null"/> for automatic choice.</param>
    /// <returns>Stem → dtype; an absent stem means automatic.</returns>
    public static IReadOnlyDictionary<string, string> ParseDtypes(string? dtype)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(dtype))
        {
            return result;
        }

        foreach (var part in dtype.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var colon = part.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0)
            {
                _ = SuffixOf(part);
                foreach (var stem in new[] { VisionEncoder, EmbedTokens, Decoder })
                {
                    result.TryAdd(stem, part);
                }

                continue;
            }

            var name = part[..colon].Trim();
            var value = part[(colon + 1)..].Trim();
            if (name is not (VisionEncoder or EmbedTokens or Decoder))
            {
                throw new ModelFormatException($"dtype '{part}': '{name}' is not one of {VisionEncoder}, {EmbedTokens}, {Decoder}");
            }

            _ = SuffixOf(value);
            result[name] = value;
        }

        return result;
    }

    /// <summary>Locates the graphs in a model folder.</summary>
    /// <param name="directory">The model folder (graphs in <c>onnx/</c> or at its root).</param>
    /// <param name="dtype">The dtype request as for <see cref="ParseDtypes"/>, or <see langword="null"/>.</param>
    /// <returns>The files.</returns>
    /// <exception cref="ModelFormatException">A required graph is missing in the requested dtype.</exception>
    public static ModelFiles Locate(string directory, string? dtype = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        if (!System.IO.Directory.Exists(directory))
        {
            throw new ModelFormatException($"model folder '{directory}' does not exist");
        }

        var onnxDir = Path.Combine(directory, OnnxFolder);
        var graphDir = System.IO.Directory.Exists(onnxDir) ? onnxDir : directory;
        var requested = ParseDtypes(dtype);
        var chosen = new Dictionary<string, string>(StringComparer.Ordinal);
        string? Find(string stem, bool required)
        {
            if (requested.TryGetValue(stem, out var want))
            {
                var path = Path.Combine(graphDir, stem + SuffixOf(want) + ".onnx");
                if (File.Exists(path))
                {
                    chosen[stem] = want;
                    return path;
                }

                return required || Present(graphDir, stem).Count > 0
                    ? throw new ModelFormatException($"{path} not found; {stem} variants present: {Describe(graphDir, stem)}")
                    : null;
            }

            foreach (var candidate in Preference)
            {
                var path = Path.Combine(graphDir, stem + SuffixOf(candidate) + ".onnx");
                if (File.Exists(path))
                {
                    chosen[stem] = candidate;
                    return path;
                }
            }

            return required
                ? throw new ModelFormatException($"no {stem}*.onnx in {graphDir}; a captioning model needs {VisionEncoder}, {EmbedTokens} and {Decoder} graphs")
                : null;
        }

        var vision = Find(VisionEncoder, required: false);
        var embed = Find(EmbedTokens, required: true)!;
        var decoder = Find(Decoder, required: true)!;
        return new ModelFiles(Path.GetFullPath(directory), vision, embed, decoder, chosen);
    }

    /// <summary>Lists the external-data files (<c>*.onnx_data</c>, <c>*.onnx_data_N</c>) belonging to a graph.</summary>
    /// <param name="graphPath">The graph file.</param>
    /// <returns>The files beside it, in name order.</returns>
    public static IReadOnlyList<string> ExternalDataFiles(string graphPath)
    {
        var dir = Path.GetDirectoryName(graphPath)!;
        var name = Path.GetFileName(graphPath);
        return [.. System.IO.Directory.EnumerateFiles(dir, name + "_data*").Order(StringComparer.Ordinal)];
    }

    private static List<string> Present(string dir, string stem) =>
        [.. System.IO.Directory.EnumerateFiles(dir, stem + "*.onnx").Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal)];

    private static string Describe(string dir, string stem)
    {
        var present = Present(dir, stem);
        return present.Count == 0 ? "none" : string.Join(", ", present);
    }
}
