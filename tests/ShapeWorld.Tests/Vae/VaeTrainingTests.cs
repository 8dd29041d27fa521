using DataForge.Core.Errors;
using DataForge.ShapeWorld.Vae;
using DataForge.TestUtils;
using DataForge.Trainer.Features;

namespace DataForge.ShapeWorld.Tests.Vae;

/// <summary>A short real VAE training run on shape-world scenes.</summary>
[Collection(TorchGlobalRandomCollection.Name)]
public sealed class VaeTrainingTests
{
    private static VaeTrainOptions Options(string root, int seed = 3) => new()
    {
        Output = Path.Combine(root, "vae"),
        Seed = seed,
        Steps = 30,
        BatchSize = 8,
        WarmupSteps = 0,
        LearningRate = 3e-3,
        ScaleScenes = 32,
        EvalScenes = 16,
        Parallelism = 2,
        Network = new VaeConfig { OuterChannels = 8, InnerChannels = 16 },
    };

    [Fact]
    public void MiniRun_LossFallsBelowBound_AndExportsUnitVarianceLatentsTheTrainerLoads()
    {
        using var dir = new TempDirectory();
        var options = Options(dir.Path);

        var result = VaeTrainer.Train(options);

        // A fresh decoder outputs ~0 against pixels in [-1, 1]: L1 + L2 starts near 0.6 on these scenes; the last five
        // of 30 steps must average under 0.45 (a model that does not learn stays near 0.6).
        var last = File.ReadLines(Path.Combine(options.ResolvedRunDirectory, "loss.tsv")).TakeLast(5)
            .Select(line => double.Parse(line.Split('\t')[2], System.Globalization.CultureInfo.InvariantCulture)).Average();
        Assert.Equal(30, result.Steps);
        Assert.True(result.FirstLoss > 0.5, $"first loss {result.FirstLoss}");
        Assert.True(last < 0.45, $"last five steps' reconstruction loss {last} (first {result.FirstLoss})");
        Assert.InRange(result.HeldOut.Psnr, 8, 60);
        Assert.Equal(16, result.HeldOut.Scenes);

        // The scale was measured on training scenes 0..31; the Trainer's latents (sampled, times 0.18215) of those
        // scenes must have unit standard deviation.
        using var codec = new VaeCodec(new DiffusionModelDirectory(options.Output), encoder: true, decoder: false);
        var images = VaePixels.Batch(new ShapeWorldGenerator(options.Seed), [.. Enumerable.Range(0, 32).Select(i => (long)i)]);
        var (mean, std, _) = codec.Encode(images, 32, 64, 64);
        Assert.InRange(ScaledLatents.StandardDeviation(mean, std, seed: 1), 0.95, 1.05);
    }

    [Fact]
    public void Rerun_WithOtherSettings_IsRefused_AndWithTheSameSettingsHasNothingToDo()
    {
        using var dir = new TempDirectory();
        var options = Options(dir.Path);
        options.Steps = 2;
        VaeTrainer.Train(options);

        var again = VaeTrainer.Train(options);
        options.Seed = 4;
        var error = Assert.Throws<OptionsValidationException>(() => VaeTrainer.Train(options));

        Assert.Equal((2, 2), (again.StartStep, again.Steps));
        Assert.True(double.IsNaN(again.FirstLoss));
        Assert.Contains("other settings", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TrainScenes_ReachingTheHeldOutRange_IsRefused()
    {
        using var dir = new TempDirectory();
        var options = Options(dir.Path);
        options.TrainScenes = ShapeWorldGenerator.HeldOutStart + 1;

        var error = Assert.Throws<OptionsValidationException>(() => VaeTrainer.Train(options));

        Assert.Contains("held-out", error.Message, StringComparison.Ordinal);
    }
}
