using DataForge.Core.Errors;
using DataForge.ShapeWorld.Captioning;
using DataForge.TestUtils;

namespace DataForge.ShapeWorld.Tests.Captioning;

/// <summary>Short real training runs on shape-world scenes: the loss falls, cancel-and-resume equals an uninterrupted run.</summary>
[Collection(TorchGlobalRandomCollection.Name)]
public sealed class CaptionerTrainingTests
{
    private static CaptionerTrainOptions Options(string root, int steps, int checkpointEvery = 1000) => new()
    {
        Output = Path.Combine(root, "model"),
        Seed = 3,
        Steps = steps,
        BatchSize = 8,
        WarmupSteps = 10,
        LearningRate = 3e-3,
        CheckpointEvery = checkpointEvery,
        VocabularyScenes = 300,
        Parallelism = 2,
        Network = new CaptionerConfig { ModelDim = 48, Layers = 2, Heads = 2, FeedForwardDim = 96 },
    };

    [Fact]
    public void MiniRun_LossFallsBelowBound_AndExportsALoadableFolder()
    {
        using var dir = new TempDirectory();
        var options = Options(dir.Path, 100);

        var result = CaptionerTrainer.Train(options, ShapeWorldCaptionPairs.From(new ShapeWorldGenerator(options.Seed)));

        // ln(vocabulary) ≈ 4.8 nats/word is the loss of a uniform guess, where an untrained model starts. The stated
        // bound is half of it: 100 steps of 8 scenes must learn the caption grammar, not just word frequencies.
        Assert.True(result.FirstLoss > Math.Log(result.VocabularySize) - 1, $"first loss {result.FirstLoss}");
        Assert.True(result.FinalLoss < Math.Log(result.VocabularySize) / 2, $"final loss {result.FinalLoss} after {result.Steps} steps (first {result.FirstLoss})");
        Assert.True(File.Exists(Path.Combine(result.ModelDirectory, "onnx", "decoder_model_merged.onnx")));
        Assert.True(File.Exists(Path.Combine(result.ModelDirectory, "tokenizer.json")));
    }

    [Fact]
    public void CancelledRun_ResumesFromItsCheckpoint_AndEndsWhereAnUninterruptedRunEnds()
    {
        using var dir = new TempDirectory();
        var straight = CaptionerTrainer.Train(Options(dir.Combine("a"), 6), ShapeWorldCaptionPairs.From(new ShapeWorldGenerator(3)));

        var options = Options(dir.Combine("b"), 6, checkpointEvery: 100);
        using var cancel = new CancellationTokenSource();
        var progress = new SynchronousProgress(p =>
        {
            if (p.Completed == 3)
            {
                cancel.Cancel();
            }
        });
        Assert.ThrowsAny<OperationCanceledException>(() => CaptionerTrainer.Train(options, ShapeWorldCaptionPairs.From(new ShapeWorldGenerator(3)), progress, cancel.Token));
        var resumed = CaptionerTrainer.Train(options, ShapeWorldCaptionPairs.From(new ShapeWorldGenerator(3)));

        Assert.Equal(3, resumed.StartStep);
        Assert.Equal(6, resumed.Steps);
        Assert.Equal(File.ReadAllBytes(Path.Combine(straight.ModelDirectory, "onnx", "decoder_model_merged.onnx")),
            File.ReadAllBytes(Path.Combine(resumed.ModelDirectory, "onnx", "decoder_model_merged.onnx")));
    }

    [Fact]
    public void Resume_WithOtherSettings_IsRefused()
    {
        using var dir = new TempDirectory();
        var options = Options(dir.Path, 2);
        CaptionerTrainer.Train(options, ShapeWorldCaptionPairs.From(new ShapeWorldGenerator(3)));
        options.LearningRate = 1e-3;

        var error = Assert.Throws<OptionsValidationException>(() => CaptionerTrainer.Train(options, ShapeWorldCaptionPairs.From(new ShapeWorldGenerator(3))));
        Assert.Contains("other settings", error.Message, StringComparison.Ordinal);
    }

    private sealed class SynchronousProgress(Action<DataForge.Core.Progress.StageProgress> report) : IProgress<DataForge.Core.Progress.StageProgress>
    {
        public void Report(DataForge.Core.Progress.StageProgress value) => report(value);
    }
}
