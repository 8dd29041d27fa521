using DataForge.Captioner.Models;

namespace DataForge.Captioner.Hub;

/// <summary>
/// Chooses exactly the files a captioning model needs from a repository listing: the root config, tokenizer and
/// chat-template files, and for each of the three graphs the one dtype variant plus its external-data files.
/// </summary>
public static class HubFileSelector
{
    private static readonly string[] Stems = [ModelFiles.VisionEncoder, ModelFiles.EmbedTokens, ModelFiles.Decoder];
    private static readonly string[] Preference = ["fp32", "fp16", "q4f16", "q8", "int8", "uint8", "q4", "bnb4"];

    /// <summary>Selects the files.</summary>
    /// <param name="files">The repository listing.</param>
    /// <param name="dtype">The dtype request, as for <see cref="ModelFiles.ParseDtypes"/>.</param>
    /// <returns>The files to download.</returns>
    /// <exception cref="ModelFormatException">A required graph is not in the repository in the requested dtype.</exception>
    public static IReadOnlyList<HubFile> Select(IReadOnlyList<HubFile> files, string? dtype)
    {
        ArgumentNullException.ThrowIfNull(files);
        var requested = ModelFiles.ParseDtypes(dtype);
        var byPath = files.ToDictionary(f => f.Path, StringComparer.Ordinal);
        var selected = files.Where(f => !f.Path.Contains('/', StringComparison.Ordinal)
            && (f.Path.EndsWith(".json", StringComparison.Ordinal) || f.Path.EndsWith(".jinja", StringComparison.Ordinal))).ToList();
        foreach (var stem in Stems)
        {
            var candidates = requested.TryGetValue(stem, out var want) ? [want] : Preference;
            var graph = candidates.Select(d => $"{ModelFiles.OnnxFolder}/{stem}{ModelFiles.SuffixOf(d)}.onnx").FirstOrDefault(byPath.ContainsKey);
            if (graph is null)
            {
                if (stem == ModelFiles.VisionEncoder && !files.Any(f => f.Path.StartsWith($"{ModelFiles.OnnxFolder}/{stem}", StringComparison.Ordinal)))
                {
                    continue;
                }

                var present = files.Where(f => f.Path.StartsWith($"{ModelFiles.OnnxFolder}/{stem}", StringComparison.Ordinal)).Select(f => f.Path);
                throw new ModelFormatException($"the repository has no {stem} graph in dtype {want ?? "any known"}; present: {string.Join(", ", present.DefaultIfEmpty("none"))}");
            }

            selected.Add(byPath[graph]);
            selected.AddRange(files.Where(f => f.Path.StartsWith(graph + "_data", StringComparison.Ordinal)).OrderBy(f => f.Path, StringComparer.Ordinal));
        }

        return selected;
    }
}
