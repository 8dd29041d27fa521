using DataForge.TestUtils;
using DataForge.Trainer.Model;
using DataForge.Trainer.Training;

namespace DataForge.Trainer.Tests.Training;

public sealed class TrainConfigFileTests
{
    [Theory]
    // Table 4 of the paper: steps and per-GPU × GPUs batch of each stage.
    [InlineData("stage1_pixel_dependency_256.json", "XL2_256", 300_000, 128, 8)]
    [InlineData("stage2_text_image_align_256.json", "XL2_256", 150_000, 178, 64)]
    [InlineData("stage3_high_aesthetics_256.json", "XL2_256", 90_000, 178, 64)]
    [InlineData("stage4_high_aesthetics_512.json", "XL2_512", 100_000, 40, 64)]
    [InlineData("stage5_high_aesthetics_1024_ms.json", "XL2_1024MS", 16_000, 12, 32)]
    public void StageConfigs_MatchTable4AndTheReleasedRecipe(string file, string preset, long steps, int batch, int workers)
    {
        var config = TrainConfigFile.Load(RepoPaths.Combine("configs", "pixart", file));
        var options = config.ToOptions("run");
        Assert.Equal(PixArtConfig.Preset(preset), options.Model);
        Assert.Equal(steps, options.MaxSteps);
        Assert.Equal(batch, options.BatchSize);
        Assert.Equal(workers, config.Train.Workers);
        Assert.Equal(2e-5, options.LearningRate);
        Assert.Equal(0.01, options.GradientClip);
        Assert.Equal(0.03, options.WeightDecay);
        Assert.Equal(1e-10, options.AdamEpsilon);
        Assert.Equal(0.9999, options.EmaRate);
        Assert.False(options.SqrtBatchScaling);
        Assert.Equal(preset == "XL2_1024MS", config.MultiScale);
    }

    [Fact]
    public void Load_MissingFile_IsUsageError() =>
        Assert.Throws<Core.Errors.OptionsValidationException>(() => TrainConfigFile.Load("/nonexistent/config.json"));
}
