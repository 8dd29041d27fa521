using DataForge.Captioner.Generation;
using DataForge.Captioner.Models;
using Microsoft.ML.OnnxRuntime;

namespace DataForge.Captioner.Tests.Generation;

public sealed class KvCacheDecoderTests(TinyModelFixture fixture) : IClassFixture<TinyModelFixture>
{
    private readonly VisionLanguageModel _model = fixture.Model;

    [Fact]
    public void Compact_KeepsTheChosenRowsCacheSoTheirNextLogitsAreUnchanged()
    {
        // Three text rows of 4 tokens (no image): prefill, then one decode step, with and without dropping row 1.
        long[] ids = [1, 5, 6, 7, 1, 8, 9, 10, 1, 11, 12, 13];
        long[] mask = [.. Enumerable.Repeat(1L, 12)];
        long[] positions = [0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3];
        using var runOptions = new RunOptions();
        using var prompt = Embed(ids, 3, 4, runOptions);
        // Turn position 1 of row r into an "image" row of colour class r (tiny-model channels: V+1 is-image,
        // V+2+c class c), so each row's cache carries a different class and a wrong gather changes the logits.
        var vocabulary = _model.Decoder.OutputMetadata["logits"].Dimensions[2];
        var hidden = (int)prompt[0].GetTensorTypeAndShape().Shape[2];
        var embeds = prompt[0].GetTensorMutableDataAsSpan<float>();
        for (var r = 0; r < 3; r++)
        {
            var at = ((r * 4) + 1) * hidden;
            embeds[at + vocabulary + 1] = 1f;
            embeds[at + vocabulary + 2 + r] = 1f;
        }

        using var full = new KvCacheDecoder(_model.Decoder, _model.Signature, _model.CacheMemory, runOptions, 3, _model.Compactor);
        using var compacted = new KvCacheDecoder(_model.Decoder, _model.Signature, _model.CacheMemory, runOptions, 3, _model.Compactor);
        full.Step(prompt[0], mask, positions, 4);
        compacted.Step(prompt[0], mask, positions, 4);

        Assert.True(compacted.Compact([2, 0]));
        using var stepAll = Embed([20, 21, 22], 3, 1, runOptions);
        using var stepKept = Embed([22, 20], 2, 1, runOptions);
        full.Step(stepAll[0], [.. Enumerable.Repeat(1L, 15)], [4, 4, 4], 1);
        compacted.Step(stepKept[0], [.. Enumerable.Repeat(1L, 10)], [4, 4], 1);

        Assert.Equal(2, compacted.BatchSize);
        Assert.NotEqual(full.Logits(0).ToArray(), full.Logits(2).ToArray());
        Assert.Equal(full.Logits(2).ToArray(), compacted.Logits(0).ToArray());
        Assert.Equal(full.Logits(0).ToArray(), compacted.Logits(1).ToArray());
    }

    [Fact]
    public void Logits_AfterTheCacheIsRewrittenOrBeforeAnyStep_Throw()
    {
        // The logits are a view of the last run's output; a compaction replaces that output with the cache alone.
        using var runOptions = new RunOptions();
        using var prompt = Embed([1, 5, 6, 7, 1, 8, 9, 10], 2, 4, runOptions);
        using var decoder = new KvCacheDecoder(_model.Decoder, _model.Signature, _model.CacheMemory, runOptions, 2, _model.Compactor);
        Assert.Throws<InvalidOperationException>(() => decoder.Logits(0).Length);

        decoder.Step(prompt[0], [.. Enumerable.Repeat(1L, 8)], [0, 1, 2, 3, 0, 1, 2, 3], 4);
        Assert.Equal(decoder.VocabularySize, decoder.Logits(1).Length);
        Assert.Throws<ArgumentOutOfRangeException>(() => decoder.Logits(2).Length);

        Assert.True(decoder.Compact([1]));
        Assert.Throws<InvalidOperationException>(() => decoder.Logits(0).Length);
    }

    private IDisposableReadOnlyCollection<OrtValue> Embed(long[] ids, int batch, int length, RunOptions runOptions)
    {
        using var input = OrtValue.CreateTensorValueFromMemory(ids, [batch, length]);
        return _model.Embed.Run(runOptions, ["input_ids"], [input], ["inputs_embeds"]);
    }
}
