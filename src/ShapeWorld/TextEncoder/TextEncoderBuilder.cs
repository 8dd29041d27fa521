using System.Text.Json.Nodes;
using DataForge.Core.Errors;
using DataForge.ShapeWorld.Captioning;
using TorchSharp;

namespace DataForge.ShapeWorld.TextEncoder;

/// <summary>
/// Builds the frozen shape-world text encoder: the vocabulary of the world's captions, weights drawn from the seed,
/// exported once. Deterministic: the same options give byte-identical graphs, so every DiT run conditions on the
/// same encoder.
/// </summary>
public static class TextEncoderBuilder
{
    /// <summary>Builds and exports.</summary>
    /// <param name="options">What to build.</param>
    /// <param name="cancellationToken">Checked before the export.</param>
    /// <returns>The exported folder and its vocabulary size.</returns>
    /// <exception cref="OptionsValidationException">The options are unusable.</exception>
    public static (string ModelDirectory, int VocabularySize) Build(TextEncoderBuildOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Problem() is { } problem)
        {
            throw new OptionsValidationException("train-text-encoder", problem);
        }

        CaptionerTorch.EnsureLoaded();
        var vocabulary = TextEncoderVocabulary.OfWorld(new ShapeWorldGenerator(options.Seed), options.VocabularyScenes);
        cancellationToken.ThrowIfCancellationRequested();
        torch.manual_seed(options.Seed);
        using var model = new ShapeTextEncoderModel(options.Network with { VocabularySize = vocabulary.Count });
        var provenance = new JsonObject
        {
            ["command"] = $"dataforge shapeworld train-text-encoder -o <dir> --seed {options.Seed} --vocabulary-scenes {options.VocabularyScenes}",
            ["seed"] = options.Seed,
            ["vocabulary_scenes"] = options.VocabularyScenes,
            ["trained"] = false,
            ["weights"] = "drawn once from the seed (TorchSharp default initialisation, positions at half scale) and frozen",
        };
        return (TextEncoderOnnxExporter.Export(model, vocabulary, options.Output, provenance), vocabulary.Count);
    }
}
