using DataForge.Captioner.Generation;
using DataForge.Captioner.Imaging;
using DataForge.Captioner.Models;
using DataForge.Captioner.Tiny;
using DataForge.TestUtils;
using Microsoft.ML.OnnxRuntime;

namespace DataForge.Captioner.Tests.Generation;

// The same tiny model written with num_logits_to_keep (required as a scalar or as [1], or defaulted to "keep all"
// so runtimes that do not feed it still run) must caption token for token like the export without it, with only the last position's logits.
public sealed class LogitsToKeepTests(TinyModelFixture fixture) : IClassFixture<TinyModelFixture>
{
    private readonly VisionLanguageModel _plain = fixture.Model;

    [Theory]
    [InlineData(LogitsToKeepInput.Required)]
    [InlineData(LogitsToKeepInput.RequiredVector)]
    [InlineData(LogitsToKeepInput.Defaulted)]
    public void Generate_GraphWithLogitsToKeep_EqualsTheGraphWithoutIt(LogitsToKeepInput kind)
    {
        using var directory = new TempDirectory();
        var path = TinyLlavaModelWriter.Write(directory.Combine("tiny"), new TinyLlavaModelOptions { LogitsToKeep = kind });
        using var model = VisionLanguageModel.Load(path, new ModelLoadOptions { ExecutionProvider = ExecutionProviderKind.Cpu });
        Assert.Equal(DecoderSignature.NumLogitsToKeep, model.Signature.LogitsToKeepName);
        Assert.Null(_plain.Signature.LogitsToKeepName);

        var pre = new ImagePreprocessor(model.Config.Preprocessor);
        GenerationRequest[] requests =
        [
            new("a", model.EncodePrompt("Describe this image"), pre.Preprocess(TestImages.Red)),
            new("b", model.EncodePrompt("Describe this image and its style in a very detailed manner"), pre.Preprocess(TestImages.Blue)),
            new("c", model.EncodePrompt("Describe this image and its style"), pre.Preprocess(TestImages.Green)),
            new("d", model.EncodePrompt("Describe this image"), pre.Preprocess(TestImages.Blue)),
        ];
        var options = new GenerationOptions();

        var expected = _plain.Generate(requests, options).Select(r => string.Join(',', r.TokenIds)).ToList();
        Assert.Equal(expected, model.Generate(requests, options).Select(r => string.Join(',', r.TokenIds)));
        Assert.Equal(expected, model.GenerateContinuous(requests, 2, options).Select(r => string.Join(',', r.TokenIds)));
        Assert.All(expected, tokens => Assert.NotEmpty(tokens));
    }

    [Theory]
    [InlineData(LogitsToKeepInput.None, 4)]
    [InlineData(LogitsToKeepInput.Required, 1)]
    [InlineData(LogitsToKeepInput.RequiredVector, 1)]
    [InlineData(LogitsToKeepInput.Defaulted, 1)]
    public void Step_Prefill_ReturnsLogitsOnlyForTheLastPositionWhenTheGraphCanKeepThem(LogitsToKeepInput kind, int positions)
    {
        using var directory = new TempDirectory();
        var path = TinyLlavaModelWriter.Write(directory.Combine("tiny"), new TinyLlavaModelOptions { LogitsToKeep = kind });
        using var model = VisionLanguageModel.Load(path, new ModelLoadOptions { ExecutionProvider = ExecutionProviderKind.Cpu });
        using var runOptions = new RunOptions();
        using var ids = OrtValue.CreateTensorValueFromMemory(new long[] { 1, 5, 6, 7, 1, 8, 9, 10 }, [2, 4]);
        using var embeds = model.Embed.Run(runOptions, ["input_ids"], [ids], ["inputs_embeds"]);
        using var decoder = new KvCacheDecoder(model.Decoder, model.Signature, model.CacheMemory, runOptions, 2, model.Compactor);

        decoder.Step(embeds[0], [.. Enumerable.Repeat(1L, 8)], [0, 1, 2, 3, 0, 1, 2, 3], 4);

        Assert.Equal(positions, decoder.LogitsPositions);
        Assert.Equal(4, decoder.PastLength);
    }
}
