using DataForge.Captioner.Generation;
using DataForge.Captioner.Imaging;
using DataForge.Captioner.Models;
using DataForge.Core.Imaging;
using DataForge.ShapeWorld.Captioning;
using DataForge.TestUtils;
using Microsoft.ML.OnnxRuntime;
using TorchSharp;
using static TorchSharp.torch;

namespace DataForge.ShapeWorld.Tests.Captioning;

/// <summary>The exported graphs against the TorchSharp model they came from, and the Captioner's real loader against both.</summary>
[Collection(TorchGlobalRandomCollection.Name)]
public sealed class CaptionerExportTests
{
    private const string Prompt = "Describe this image and its style in a very detailed manner";

    [Fact]
    public void ExportedGraphs_MatchTorchLogits_WithAndWithoutPastKeyValues()
    {
        var vocabulary = TinyCaptioner.Vocabulary();
        using var model = TinyCaptioner.Create(vocabulary);
        using var dir = new TempDirectory();
        CaptionerOnnxExporter.Export(model, vocabulary, dir.Path);
        var config = model.Config;

        var prompt = vocabulary.EncodePrompt(Prompt, config.ImageTokens, out var imageStart);
        long[] ids = [.. prompt, .. vocabulary.EncodeWords("a large red circle is left")];
        var pixels = new float[3 * 64 * 64];
        CaptionerPixels.Normalize(TinyCaptioner.Image(1), 64, pixels);
        float[] expected;
        using (no_grad())
        using (var logits = model.Forward(tensor(pixels, [1, 3, 64, 64]), tensor(ids, [1, ids.Length]), imageStart))
        {
            expected = logits.contiguous().data<float>().ToArray();
        }

        var v = config.VocabularySize;
        using var vision = new InferenceSession(Path.Combine(dir.Path, "onnx", "vision_encoder.onnx"));
        using var embed = new InferenceSession(Path.Combine(dir.Path, "onnx", "embed_tokens.onnx"));
        using var decoder = new InferenceSession(Path.Combine(dir.Path, "onnx", "decoder_model_merged.onnx"));
        var features = Run(vision, ("pixel_values", OrtValue.CreateTensorValueFromMemory(pixels, [1, 3, 64, 64])))[0].Data;
        var embeds = Run(embed, ("input_ids", OrtValue.CreateTensorValueFromMemory(ids, [1, ids.Length])))[0].Data;
        features.CopyTo(embeds, imageStart * config.ModelDim);

        // The whole sequence but its last token with an empty cache, then the last token on the returned cache.
        var split = ids.Length - 1;
        var empty = new float[0];
        var first = Decode(decoder, config, embeds[..(split * config.ModelDim)], 0, split, Enumerable.Range(0, config.Layers * 2).Select(_ => (empty, 0)).ToList());
        var second = Decode(decoder, config, embeds[(split * config.ModelDim)..], split, 1, first.Cache);

        AssertClose(expected[..(split * v)], first.Logits);
        AssertClose(expected[(split * v)..], second.Logits);
        Assert.Equal(ids.Length, second.Cache[0].Length);
    }

    [Fact]
    public void CaptionerPreprocessing_OfThePng_IsTheTrainingTensor()
    {
        var vocabulary = TinyCaptioner.Vocabulary();
        using var model = TinyCaptioner.Create(vocabulary);
        using var dir = new TempDirectory();
        CaptionerOnnxExporter.Export(model, vocabulary, dir.Path);
        var rgb = TinyCaptioner.Image(2);
        var training = new float[3 * 64 * 64];
        CaptionerPixels.Normalize(rgb, 64, training);

        var captioner = new ImagePreprocessor(VlmConfig.Load(dir.Path).Preprocessor).Preprocess(Rgb24Encoder.EncodePng(rgb, 64, 64));

        Assert.Equal(training, captioner);
    }

    [Fact]
    public void CaptionerGeneration_OnTheExportedFolder_EqualsGreedyDecodingInTorch()
    {
        var vocabulary = TinyCaptioner.Vocabulary();
        using var model = TinyCaptioner.Create(vocabulary, seed: 11);
        using var dir = new TempDirectory();
        CaptionerOnnxExporter.Export(model, vocabulary, dir.Path);
        using var loaded = VisionLanguageModel.Load(dir.Path, new ModelLoadOptions { ExecutionProvider = ExecutionProviderKind.Cpu });
        var prompt = vocabulary.EncodePrompt(Prompt, model.Config.ImageTokens, out var imageStart);
        Assert.Equal(prompt, loaded.EncodePrompt(Prompt));

        var rgb = TinyCaptioner.Image(3);
        var pixels = new ImagePreprocessor(loaded.Config.Preprocessor).Preprocess(Rgb24Encoder.EncodePng(rgb, 64, 64));
        var generated = loaded.Generate([new GenerationRequest("k", prompt, pixels)], new GenerationOptions { MaxNewTokens = 12, LoopDetection = false })[0];

        var ids = new List<long>(prompt);
        var torchTokens = new List<long>();
        using (no_grad())
        {
            for (var i = 0; i < 12; i++)
            {
                using var scope = NewDisposeScope();
                var logits = model.Forward(tensor(pixels, [1, 3, 64, 64]), tensor(ids.ToArray(), [1, ids.Count]), imageStart, ids.Count - 1);
                var next = logits[0, 0].argmax().item<long>();
                if (next == CaptionVocabulary.EosId)
                {
                    break;
                }

                torchTokens.Add(next);
                ids.Add(next);
            }
        }

        Assert.NotEmpty(torchTokens);
        Assert.Equal(torchTokens, generated.TokenIds);
        Assert.Equal(vocabulary.Decode(torchTokens), generated.Text);
    }

    private static (float[] Logits, List<(float[] Data, int Length)> Cache) Decode(
        InferenceSession decoder, CaptionerConfig config, float[] embeds, int past, int length, List<(float[] Data, int Length)> cache)
    {
        var inputs = new List<(string, OrtValue)>
        {
            ("inputs_embeds", OrtValue.CreateTensorValueFromMemory(embeds, [1, length, config.ModelDim])),
            ("attention_mask", OrtValue.CreateTensorValueFromMemory(Enumerable.Repeat(1L, past + length).ToArray(), [1, past + length])),
            ("position_ids", OrtValue.CreateTensorValueFromMemory(Enumerable.Range(past, length).Select(p => (long)p).ToArray(), [1, length])),
        };
        for (var layer = 0; layer < config.Layers; layer++)
        {
            foreach (var (kind, slot) in new[] { ("key", 2 * layer), ("value", (2 * layer) + 1) })
            {
                inputs.Add(($"past_key_values.{layer}.{kind}", OrtValue.CreateTensorValueFromMemory(cache[slot].Data, [1, config.Heads, past, config.HeadDim])));
            }
        }

        var outputs = Run(decoder, [.. inputs]);
        return (outputs[0].Data, outputs.Skip(1).Select(o => (o.Data, (int)o.Shape[2])).ToList());
    }

    private static List<(float[] Data, long[] Shape)> Run(InferenceSession session, params (string Name, OrtValue Value)[] inputs)
    {
        try
        {
            using var results = session.Run(new RunOptions(), inputs.Select(i => i.Name).ToArray(), inputs.Select(i => i.Value).ToArray(), session.OutputNames);
            return results.Select(r => (r.GetTensorDataAsSpan<float>().ToArray(), r.GetTensorTypeAndShape().Shape)).ToList();
        }
        finally
        {
            foreach (var input in inputs)
            {
                input.Value.Dispose();
            }
        }
    }

    private static void AssertClose(float[] expected, float[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        var worst = expected.Zip(actual, (e, a) => Math.Abs(e - a)).Max();
        Assert.True(worst <= 1e-4, $"largest logit difference {worst}");
    }
}
