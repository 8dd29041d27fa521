using DataForge.Core.Imaging;
using DataForge.TestUtils;
using DataForge.Trainer.Model;
using DataForge.Trainer.Training;
using Microsoft.Extensions.Logging.Abstractions;

namespace DataForge.Trainer.Tests.Training;

[Collection(BitExactCollection.Name)]
public sealed class PixArtTrainerTests
{
    private static TrainOptions Options(string dir, long steps) => new()
    {
        Model = PixArtConfig.Tiny,
        OutputDirectory = dir,
        LearningRate = 1e-3,
        WarmupSteps = 3,
        GradientClip = 1.0,
        BatchSize = 2,
        GradientAccumulation = 2,
        EmaRate = 0.9,
        MaxSteps = steps,
        CheckpointEvery = 5,
        Seed = 42,
    };

    [Fact]
    public void Resume_FivePlusFive_EqualsTenStraight()
    {
        var data = SyntheticFeatures.Create(12, seed: 1);
        using var straightDir = new TempDirectory();
        var straight = new PixArtTrainer(Options(straightDir.Path, 10), NullLogger.Instance).Run(data);

        using var resumedDir = new TempDirectory();
        var first = new PixArtTrainer(Options(resumedDir.Path, 5), NullLogger.Instance).Run(data);
        var second = new PixArtTrainer(Options(resumedDir.Path, 10), NullLogger.Instance).Run(data);

        Assert.Equal(5, first.Steps.Count);
        Assert.Equal(5, second.Steps.Count);
        Assert.Equal(6, second.Steps[0].Step);
        Assert.Equal(straight.Steps.Select(s => s.Loss), first.Steps.Concat(second.Steps).Select(s => s.Loss));
        Assert.Equal(straight.Steps.Select(s => s.GradNorm), first.Steps.Concat(second.Steps).Select(s => s.GradNorm));

        // The metrics file holds each step once, and the checkpoint folder has no leftovers.
        Assert.Equal(Enumerable.Range(1, 10).Select(i => (long)i), MetricsLog.ReadAll(second.MetricsJsonl).Select(m => m.Step));
        Assert.DoesNotContain(Directory.GetDirectories(Path.Combine(resumedDir.Path, "checkpoints")), d => d.Contains(".tmp-", StringComparison.Ordinal));
        Assert.EndsWith("step_00000010", second.Checkpoint, StringComparison.Ordinal);
        Assert.True(new FileInfo(second.LossCurve).Length > 1000);
        Assert.Equal(11, File.ReadAllLines(second.MetricsCsv).Length);
    }

    [Fact]
    public void NanGuard_PoisonedBatch_IsSkippedAndTrainingContinues()
    {
        // Every sample poisoned except the first four: with batch 2 and accumulation 1 some steps see NaN.
        var data = SyntheticFeatures.Create(8, seed: 2, poison: i => i % 2 == 1);
        using var dir = new TempDirectory();
        var options = Options(dir.Path, 6);
        options.GradientAccumulation = 1;
        options.Model = PixArtConfig.Tiny with { CaptionDropoutProb = 0 }; // a dropped caption would hide the NaN
        var result = new PixArtTrainer(options, NullLogger.Instance).Run(data);

        Assert.Contains(result.Steps, s => s.Skipped && !double.IsFinite(s.Loss));
        Assert.All(result.Steps.Where(s => !s.Skipped), s => Assert.True(double.IsFinite(s.Loss)));
        Assert.Equal(6, result.FinalStep);
        var state = CheckpointStore.ReadState(result.Checkpoint);
        Assert.Equal(result.Steps.Count(s => s.Skipped), state.SkippedSteps);
    }

    [SharedDataFact]
    public void Overfit_TwoRealPhotos_LossFalls()
    {
        var samples = new[] { "photos/small/389_535.png", "photos/llava/extreme_ironing.jpg" }
            .Select(p => PhotoLatents(SharedData.Path(p.Split('/'))))
            .ToList();
        var data = new InMemoryTrainingDataset(samples, 8, 32);
        using var dir = new TempDirectory();
        var options = Options(dir.Path, 120);
        options.GradientAccumulation = 1;
        options.CheckpointEvery = 1000;
        options.LearningRate = 3e-3;
        var result = new PixArtTrainer(options, NullLogger.Instance).Run(data);

        var early = result.Steps.Take(15).Average(s => s.Mse);
        var late = result.Steps.TakeLast(15).Average(s => s.Mse);
        Assert.True(late < 0.6 * early, $"ε-MSE went {early:F3} -> {late:F3}");
    }

    // A stand-in "VAE": the photo at 8×8 as RGB plus luma, in [−1, 1]; real pixels, tiny latents.
    private static TrainingSample PhotoLatents(string path)
    {
        using var decoded = UntrustedImageDecoder.Decode(File.ReadAllBytes(path), ImageDecodeLimits.Default);
        var image = decoded.Image!.CopyRgb24();
        var (height, width) = (image.Height, image.Width);
        var small = PilResampler.Resize(image.Data, width, height, 3, 8, 8, PilResampleFilter.Bicubic);
        var mean = new float[4 * 64];
        for (var i = 0; i < 64; i++)
        {
            var rgb = new[] { small[3 * i], small[(3 * i) + 1], small[(3 * i) + 2] }.Select(v => (v / 127.5f) - 1).ToArray();
            mean[(0 * 64) + i] = rgb[0] * 4;
            mean[(1 * 64) + i] = rgb[1] * 4;
            mean[(2 * 64) + i] = rgb[2] * 4;
            mean[(3 * 64) + i] = ((0.299f * rgb[0]) + (0.587f * rgb[1]) + (0.114f * rgb[2])) * 4;
        }

        var captions = Enumerable.Range(0, 8 * 32).Select(i => (float)Math.Sin(i + path.Length)).ToArray();
        return new TrainingSample(mean, Enumerable.Repeat(0.01f, mean.Length).ToArray(), (4, 8, 8), captions, Enumerable.Repeat(1f, 8).ToArray(), height, width);
    }
}
