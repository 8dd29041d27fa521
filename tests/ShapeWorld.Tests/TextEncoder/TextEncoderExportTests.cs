using DataForge.ShapeWorld.TextEncoder;
using DataForge.TestUtils;
using DataForge.Trainer.Features;
using Microsoft.ML.OnnxRuntime;
using TorchSharp;
using static TorchSharp.torch;

namespace DataForge.ShapeWorld.Tests.TextEncoder;

/// <summary>The exported text encoder against the TorchSharp model, and the Trainer's <see cref="T5TextEncoder"/> loading it.</summary>
[Collection(TorchGlobalRandomCollection.Name)]
public sealed class TextEncoderExportTests
{
    private const int Seed = 0;

    // One built folder for the class: building scans 300 scenes and draws the weights once.
    private static readonly Lazy<(string Root, TextEncoderVocabulary Vocabulary)> Built = new(() =>
    {
        var root = Path.Combine(Path.GetTempPath(), "dataforge-text-encoder-" + Guid.NewGuid().ToString("N"));
        TextEncoderBuilder.Build(new TextEncoderBuildOptions { Output = root, Seed = Seed, VocabularyScenes = 300 });
        return (root, TextEncoderVocabulary.OfWorld(new ShapeWorldGenerator(Seed), 300));
    });

    [Fact]
    public void ExportedGraph_EqualsTorchHiddenStates_OnAPaddedBatch()
    {
        var (root, vocabulary) = Built.Value;
        ShapeWorld.Captioning.CaptionerTorch.EnsureLoaded();
        torch.manual_seed(Seed);
        using var model = new ShapeTextEncoderModel(new TextEncoderConfig { VocabularySize = vocabulary.Count });
        var first = vocabulary.Encode("a large red circle is left of a small blue square .");
        var second = vocabulary.Encode("green triangle");
        var length = first.Length;
        var ids = new long[2 * length];
        var mask = new long[2 * length];
        first.CopyTo(ids, 0);
        second.CopyTo(ids, length);
        for (var i = 0; i < length; i++)
        {
            mask[i] = 1;
            mask[length + i] = i < second.Length ? 1 : 0;
        }

        float[] expected;
        using (NewDisposeScope())
        using (no_grad())
        {
            expected = model.forward(tensor(ids, [2, length]), tensor(mask, [2, length])).contiguous().data<float>().ToArray();
        }

        using var session = new InferenceSession(Path.Combine(root, "text_encoder", "model.onnx"));
        using var idValue = OrtValue.CreateTensorValueFromMemory(ids, [2, length]);
        using var maskValue = OrtValue.CreateTensorValueFromMemory(mask, [2, length]);
        using var outputs = session.Run(new RunOptions(), ["input_ids", "attention_mask"], [idValue, maskValue], ["last_hidden_state"]);
        var actual = outputs[0].GetTensorDataAsSpan<float>().ToArray();

        Assert.DoesNotContain(TextEncoderVocabulary.UnknownId, first);
        Assert.Equal(expected.Length, actual.Length);
        var worst = expected.Zip(actual, (e, a) => Math.Abs(e - a)).Max();
        Assert.True(worst <= 1e-4, $"max |torch - onnx| = {worst:E2}");
    }

    [Fact]
    public void TrainerT5TextEncoder_OnHeldOutCaptions_KnowsEveryWord_AndMapsStrangersToUnk()
    {
        var (root, _) = Built.Value;
        using var encoder = new T5TextEncoder(new DiffusionModelDirectory(root), tokens: 120);
        var generator = new ShapeWorldGenerator(Seed);
        var scenes = Enumerable.Range(0, 100).Select(i => generator.Generate(ShapeWorldGenerator.HeldOutStart + i)).ToList();
        string?[] captions = [.. scenes.Select(s => s.DenseCaption), .. scenes.Select(s => s.AltText)];

        var (ids, mask, cleaned) = encoder.Tokenize(captions);
        bool Unknown(int b, int i) => mask[(b * 120) + i] == 1 && ids[(b * 120) + i] == TextEncoderVocabulary.UnknownId;
        var denseUnknown = cleaned.Take(100).Where((_, b) => Enumerable.Range(0, 120).Any(i => Unknown(b, i))).ToList();
        // Alt-text names made-up brands from syllables and random numbers, as LAION's does: those are <unk> by design.
        var altTokens = Enumerable.Range(100, 100).Sum(b => Enumerable.Range(0, 120).Count(i => mask[(b * 120) + i] == 1));
        var altUnknown = (double)Enumerable.Range(100, 100).Sum(b => Enumerable.Range(0, 120).Count(i => Unknown(b, i))) / altTokens;
        var (_, strangerMask, _) = encoder.Tokenize(["a zebra"]);
        var (strangerIds, _, _) = encoder.Tokenize(["a zebra"]);
        var (features, featureMask, _) = encoder.Encode(captions[..2]);

        Assert.Equal(32, encoder.Channels);
        Assert.True(denseUnknown.Count == 0, $"dense captions with <unk>: {string.Join(" | ", denseUnknown.Take(3))}");
        // Measured: 10.4 % of alt-text tokens with this 300-scene vocabulary; dense captions must have none.
        Assert.True(altUnknown is > 0 and < 0.15, $"alt-text <unk> rate {altUnknown:P1}");
        Assert.Equal([TextEncoderVocabulary.UnknownId, TextEncoderVocabulary.EosId], strangerIds.Skip(1).Take(2));
        Assert.Equal(3, strangerMask.Sum());
        Assert.Equal(2 * 120 * 32, features.Length);
        Assert.All(features, f => Assert.True(float.IsFinite(f)));
        Assert.Equal(2 * 120, featureMask.Length);
    }

    [Fact]
    public void Build_TwiceWithTheSameSeed_WritesIdenticalGraphs_AndAnotherSeedDiffers()
    {
        var (root, _) = Built.Value;
        using var dir = new TempDirectory();
        TextEncoderBuilder.Build(new TextEncoderBuildOptions { Output = Path.Combine(dir.Path, "same"), Seed = Seed, VocabularyScenes = 300 });
        TextEncoderBuilder.Build(new TextEncoderBuildOptions { Output = Path.Combine(dir.Path, "other"), Seed = Seed + 1, VocabularyScenes = 300 });
        static byte[] Graph(string folder) => File.ReadAllBytes(Path.Combine(folder, "text_encoder", "model.onnx"));

        Assert.Equal(Graph(root), Graph(Path.Combine(dir.Path, "same")));
        Assert.NotEqual(Graph(root), Graph(Path.Combine(dir.Path, "other")));
    }
}
