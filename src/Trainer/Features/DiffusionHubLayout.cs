using DataForge.Core.Errors;

namespace DataForge.Trainer.Features;

/// <summary>
/// Maps the files of a hub repository that holds an ONNX export onto the <see cref="DiffusionModelDirectory"/>
/// layout: which repository paths to fetch and where each goes. Works on paths only, so the hub transfer that
/// fetches and verifies them stays with whoever owns it.
/// </summary>
public static class DiffusionHubLayout
{
    /// <summary>The exporter commands that produce the layout, named in every refusal.</summary>
    public const string VaeExportHint =
        "export stabilityai/sd-vae-ft-ema with torch.onnx.export as README 'Getting the VAE and T5 ONNX models' shows";

    /// <summary>The exporter commands that produce the T5 layout, named in every refusal.</summary>
    public const string T5ExportHint =
        "export it with: optimum-cli export onnx --model google/t5-v1_1-xxl --task feature-extraction <folder> (README, 'Getting the VAE and T5 ONNX models')";

    // Recognised places of each graph, in order of preference: Optimum's diffusion layout, a flat layout, and
    // Optimum's / transformers.js' encoder-only layouts for T5. Only full-precision names: a quantised or fp16
    // variant would give other features than the ones the user asked for.
    private static readonly string[] VaeEncoderCandidates = ["vae_encoder/model.onnx", "vae_encoder.onnx"];
    private static readonly string[] VaeDecoderCandidates = ["vae_decoder/model.onnx", "vae_decoder.onnx"];
    private static readonly string[] TextEncoderCandidates = ["text_encoder/model.onnx", "encoder_model.onnx", "onnx/encoder_model.onnx", "text_encoder.onnx"];
    private static readonly string[] TokenizerCandidates = ["tokenizer/tokenizer.json", "text_encoder/tokenizer.json", "tokenizer.json"];

    /// <summary>Chooses the files of <paramref name="part"/> and their places in the model folder.</summary>
    /// <param name="paths">Every path the repository lists.</param>
    /// <param name="part">The part to fetch.</param>
    /// <returns>Repository path → path relative to the model folder, graphs first, each followed by its external data.</returns>
    /// <exception cref="OptionsValidationException">The repository holds no ONNX export of the part in a known layout.</exception>
    public static IReadOnlyDictionary<string, string> Place(IReadOnlyList<string> paths, DiffusionModelPart part)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var listed = new HashSet<string>(paths, StringComparer.Ordinal);
        var placement = new Dictionary<string, string>(StringComparer.Ordinal);
        if (part == DiffusionModelPart.Vae)
        {
            var encoder = Find(listed, VaeEncoderCandidates);
            var decoder = Find(listed, VaeDecoderCandidates);
            if (encoder is null || decoder is null)
            {
                throw Refusal(paths, $"no ONNX export of a VAE (needs {VaeEncoderCandidates[0]} and {VaeDecoderCandidates[0]}, or {VaeEncoderCandidates[1]} and {VaeDecoderCandidates[1]})", VaeExportHint);
            }

            AddGraph(paths, placement, encoder, "vae_encoder");
            AddGraph(paths, placement, decoder, "vae_decoder");
        }
        else
        {
            var graph = Find(listed, TextEncoderCandidates);
            var tokenizer = Find(listed, TokenizerCandidates);
            if (graph is null || tokenizer is null)
            {
                throw Refusal(paths, $"no ONNX export of a T5 encoder with its tokenizer (needs one of {string.Join(", ", TextEncoderCandidates)} and one of {string.Join(", ", TokenizerCandidates)})", T5ExportHint);
            }

            AddGraph(paths, placement, graph, "text_encoder");
            placement[tokenizer] = "tokenizer/tokenizer.json";
        }

        return placement;
    }

    private static string? Find(HashSet<string> listed, string[] candidates) => candidates.FirstOrDefault(listed.Contains);

    private static void AddGraph(IReadOnlyList<string> paths, Dictionary<string, string> placement, string graph, string folder)
    {
        placement[graph] = $"{folder}/model.onnx";
        // A graph names its external data by file name relative to itself, so the data keeps its name beside the
        // renamed graph.
        var slash = graph.LastIndexOf('/');
        var source = slash < 0 ? "" : graph[..(slash + 1)];
        var name = graph[(slash + 1)..];
        foreach (var path in paths.Where(p => p.StartsWith(source, StringComparison.Ordinal) && p.IndexOf('/', source.Length) < 0).Order(StringComparer.Ordinal))
        {
            var file = path[source.Length..];
            if (file.StartsWith(name + "_data", StringComparison.Ordinal) || file.StartsWith(name + ".data", StringComparison.Ordinal))
            {
                placement[path] = $"{folder}/{file}";
            }
        }
    }

    private static OptionsValidationException Refusal(IReadOnlyList<string> paths, string problem, string hint)
    {
        var onnx = paths.Where(p => p.EndsWith(".onnx", StringComparison.Ordinal)).Take(8).ToList();
        var present = onnx.Count == 0 ? "it lists no .onnx file" : $"its .onnx files: {string.Join(", ", onnx)}";
        return new OptionsValidationException("<hf-repo-id>", $"the repository has {problem}; {present}; {hint}");
    }
}
