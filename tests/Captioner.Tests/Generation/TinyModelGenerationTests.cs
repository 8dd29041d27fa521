using DataForge.Captioner.Generation;
using DataForge.Captioner.Imaging;
using DataForge.Captioner.Models;

namespace DataForge.Captioner.Tests.Generation;

// The tiny model's design (TinyLlavaModelWriter): the dominant colour picks a script, each token follows the
// previous one in it, and from position 44 on the next token is end-of-sequence. Expected captions below are
// written out from that design, not taken from the generator.
public sealed class TinyModelGenerationTests(TinyModelFixture fixture) : IClassFixture<TinyModelFixture>
{
    private const string ShortPrompt = "Describe this image";
    private const string PixArtPrompt = "Describe this image and its style in a very detailed manner";
    private const string FullBlue = "blue sky over calm sea with small white boats near rocky shore under soft morning light .";

    private readonly VisionLanguageModel _model = fixture.Model;
    private readonly ImagePreprocessor _pre = new(fixture.Model.Config.Preprocessor);

    [Fact]
    public void Load_DerivesLayersHeadsAndImageTokensFromTheGraphs()
    {
        Assert.Equal(2, _model.LayerCount);
        Assert.Equal(2, _model.KvHeads);
        Assert.Equal(16, _model.ImageTokenCount); // (32/8)^2
        Assert.True(_model.HeadSize > 0);
    }

    [Fact]
    public void Generate_Greedy_ProducesEachColoursScriptExactly()
    {
        var results = _model.Generate([Request("r", TestImages.Red, ShortPrompt), Request("b", TestImages.Blue, ShortPrompt)], new GenerationOptions());

        Assert.Equal("red apple on wooden table .", results[0].Text);
        Assert.Equal(FinishReason.Eos, results[0].FinishReason);
        Assert.Equal(FullBlue, results[1].Text);
        Assert.Equal(FinishReason.Eos, results[1].FinishReason);
    }

    [Fact]
    public void Generate_LongPrompt_EndsAtTheModelsEosPosition()
    {
        // <s> USER : + 16 image tokens + 11 prompt words + ASSISTANT : = 32 prompt tokens, positions 0..31;
        // tokens chosen at positions 31..43 are script tokens, the one chosen at 44 is EOS: 13 tokens.
        var result = _model.Generate([Request("b", TestImages.Blue, PixArtPrompt)], new GenerationOptions())[0];

        Assert.Equal(32, _model.EncodePrompt(PixArtPrompt).Length);
        Assert.Equal("blue sky over calm sea with small white boats near rocky shore under", result.Text);
        Assert.Equal(13, result.TokenIds.Length);
        Assert.Equal(FinishReason.Eos, result.FinishReason);
    }

    [Fact]
    public void Generate_Batched_EqualsOneByOne_ForPromptsOfDifferentLengths()
    {
        GenerationRequest[] requests =
        [
            Request("a", TestImages.Blue, PixArtPrompt),
            Request("b", TestImages.Red, ShortPrompt),
            Request("c", TestImages.Blue, ShortPrompt),
            Request("d", TestImages.Green, "Describe this image and its style"),
            Request("e", TestImages.Blue, "Describe this image and its style in a"),
        ];
        var options = new GenerationOptions();

        var batched = _model.Generate(requests, options);
        var single = requests.Select(r => _model.Generate([r], options)[0]).ToList();

        Assert.Equal(single.Select(r => (r.Text, r.FinishReason)), batched.Select(r => (r.Text, r.FinishReason)));
        Assert.Equal(single.Select(r => string.Join(',', r.TokenIds)), batched.Select(r => string.Join(',', r.TokenIds)));
        // The padded rows differ in length, so the shortest/longest prompts really were padded against each other.
        Assert.NotEqual(batched[0].Text, batched[2].Text);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void GenerateContinuous_FewerSlotsThanRows_EachRowEqualsItsOwnGeneration(int slots)
    {
        // Red captions are 6 tokens, blue and green up to 17, and the long prompt ends at the model's EOS position:
        // rows finish at different steps, so later rows are prefilled into freed slots beside rows mid-caption,
        // with prompts shorter and longer than the running cache.
        GenerationRequest[] requests =
        [
            Request("a", TestImages.Red, ShortPrompt),
            Request("b", TestImages.Blue, PixArtPrompt),
            Request("c", TestImages.Red, "Describe this image and its style"),
            Request("d", TestImages.Green, ShortPrompt),
            Request("e", TestImages.Blue, ShortPrompt),
            Request("f", TestImages.Red, PixArtPrompt),
            Request("g", TestImages.Green, "Describe this image and its style in a"),
        ];
        var options = new GenerationOptions();

        var continuous = _model.GenerateContinuous(requests, slots, options);
        var single = requests.Select(r => _model.Generate([r], options)[0]).ToList();

        Assert.Equal(single.Select(r => string.Join(',', r.TokenIds)), continuous.Select(r => string.Join(',', r.TokenIds)));
        Assert.Equal(single.Select(r => (r.Text, r.FinishReason)), continuous.Select(r => (r.Text, r.FinishReason)));
        Assert.Equal("red apple on wooden table .", continuous[0].Text);
        Assert.Equal(FullBlue, continuous[4].Text);
    }

    [Fact]
    public void GenerateContinuous_MaxNewTokensPerRow_StopsEachRowAtItsOwnLimit()
    {
        // Limits 2, 5, 8, 11, 14, capped at the options' 12: the rows end at different steps, as with EOS.
        var requests = Enumerable.Range(0, 5)
            .Select(i => Request($"r{i}", i % 2 == 0 ? TestImages.Blue : TestImages.Green, ShortPrompt) with { MaxNewTokens = 2 + (3 * i) })
            .ToList();
        var options = new GenerationOptions { MaxNewTokens = 12 };

        var continuous = _model.GenerateContinuous(requests, 2, options);

        Assert.Equal([2, 5, 8, 11, 12], continuous.Select(r => r.TokenIds.Length));
        Assert.All(continuous, r => Assert.Equal(FinishReason.Length, r.FinishReason));
        Assert.Equal(requests.Select(r => _model.Generate([r], options)[0].Text), continuous.Select(r => r.Text));
        Assert.Equal("blue sky", continuous[0].Text);
    }

    [Fact]
    public void Generate_WithKvCache_EqualsRecomputingTheWholeSequenceEachStep()
    {
        var request = Request("b", TestImages.Blue, "Describe this image and its style");
        var cached = _model.Generate([request], new GenerationOptions())[0];

        // Without cache: every step re-runs the prefill over prompt + tokens so far and takes one token.
        var tokens = new List<long>();
        var oneStep = new GenerationOptions { MaxNewTokens = 1, LoopDetection = false };
        while (tokens.Count < cached.TokenIds.Length + 1)
        {
            var step = _model.Generate([request with { PromptIds = [.. request.PromptIds, .. tokens] }], oneStep)[0];
            if (step.FinishReason == FinishReason.Eos)
            {
                break;
            }

            tokens.Add(step.TokenIds.Single());
        }

        Assert.Equal(cached.TokenIds, tokens);
    }

    [Fact]
    public void Generate_StopToken_EndsWithStopAndDropsTheToken()
    {
        var wooden = _model.Tokenizer!.Encode("wooden")[^1];
        var result = _model.Generate([Request("r", TestImages.Red, ShortPrompt)], new GenerationOptions { StopTokenIds = [wooden] })[0];

        Assert.Equal("red apple on", result.Text);
        Assert.Equal(FinishReason.Stop, result.FinishReason);
    }

    [Fact]
    public void Generate_StopString_CutsTheTextBeforeIt()
    {
        var result = _model.Generate([Request("b", TestImages.Blue, ShortPrompt)], new GenerationOptions { StopStrings = ["calm sea"] })[0];

        Assert.Equal("blue sky over", result.Text);
        Assert.Equal(FinishReason.Stop, result.FinishReason);

        // "calm" and "sea" spelled the stop string: the caption is the three words before it.
        Assert.Equal(3, result.TokenIds.Length);
        Assert.Equal("blue sky over", _model.Tokenizer!.Decode(result.TokenIds));
    }

    [Fact]
    public void Generate_StopStringInsideAToken_CountsTheTokenThatWroteTheCaptionsEnd()
    {
        // "alm" starts inside the token "calm": the caption "blue sky over c" needs that token, so it is counted.
        var result = _model.Generate([Request("b", TestImages.Blue, ShortPrompt)], new GenerationOptions { StopStrings = ["alm"] })[0];

        Assert.Equal("blue sky over c", result.Text);
        Assert.Equal(4, result.TokenIds.Length);
    }

    [Fact]
    public void Generate_MaxNewTokens_EndsWithLength()
    {
        var result = _model.Generate([Request("r", TestImages.Red, ShortPrompt)], new GenerationOptions { MaxNewTokens = 3 })[0];

        Assert.Equal("red apple on", result.Text);
        Assert.Equal(3, result.TokenIds.Length);
        Assert.Equal(FinishReason.Length, result.FinishReason);
    }

    [Fact]
    public void Generate_RepetitionLoop_IsCutAtTheLoopAndFlagged()
    {
        var result = _model.Generate([Request("g", TestImages.Green, ShortPrompt)], new GenerationOptions())[0];

        Assert.Equal("green leaf", result.Text);
        Assert.Equal(FinishReason.Loop, result.FinishReason);
    }

    [Fact]
    public void Generate_LoopDetectionOff_RunsToMaxLength()
    {
        var result = _model.Generate([Request("g", TestImages.Green, ShortPrompt)], new GenerationOptions { LoopDetection = false, MaxNewTokens = 6 })[0];

        Assert.Equal("green leaf green leaf green leaf", result.Text);
        Assert.Equal(FinishReason.Length, result.FinishReason);
    }

    [Fact]
    public void Generate_Sampling_IsSeededPerRowAndIndependentOfTheBatch()
    {
        var options = new GenerationOptions { Temperature = 3f, TopK = 20, TopP = 0.95f, Seed = 7, MaxNewTokens = 8, LoopDetection = false };
        GenerationRequest[] requests = [Request("x", TestImages.Red, ShortPrompt), Request("y", TestImages.Blue, PixArtPrompt)];

        var batched = _model.Generate(requests, options);
        var again = _model.Generate(requests, options);
        var alone = _model.Generate([requests[1]], options)[0];

        Assert.Equal(batched[1].TokenIds, alone.TokenIds);
        Assert.Equal(batched.Select(r => r.TokenIds), again.Select(r => r.TokenIds));
        // At temperature 3 the scripted path is no longer certain: sampling really happened.
        var greedy = _model.Generate(requests, new GenerationOptions { MaxNewTokens = 8, LoopDetection = false });
        Assert.NotEqual(greedy.SelectMany(r => r.TokenIds), batched.SelectMany(r => r.TokenIds));
    }

    [Fact]
    public void Generate_ImageTokenCountMismatch_ThrowsClearError()
    {
        var request = Request("m", TestImages.Red, ShortPrompt);
        var ids = request.PromptIds.ToList();
        ids.Remove(4); // one image placeholder fewer than the encoder's 16 feature rows

        var error = Assert.Throws<ModelFormatException>(() => _model.Generate([request with { PromptIds = [.. ids] }], new GenerationOptions()));
        Assert.Contains("number of image tokens in the prompt (15) does not match the vision encoder's feature rows (16)", error.Message);
    }

    [Fact]
    public void Generate_CancelledToken_Throws()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => _model.Generate([Request("r", TestImages.Red, ShortPrompt)], new GenerationOptions(), cts.Token));
    }

    private GenerationRequest Request(string key, byte[] image, string prompt) =>
        new(key, _model.EncodePrompt(prompt), _pre.Preprocess(image));
}
