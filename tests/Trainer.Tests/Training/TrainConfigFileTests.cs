using DataForge.Core.Errors;
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

    [Fact]
    public void Load_MisspelledKey_IsRefusedNamingFileKeyAndLine()
    {
        // Given a config whose learning rate key is misspelled (it used to train at the default learning rate)
        using var dir = new TempDirectory();
        var path = Write(dir, """
            {
              "model": "Tiny",
              "train": {
                "batch_size": 4,
                "learning_rat": 0.001
              }
            }
            """);

        // When loaded, then the file, the key and its line are named
        var error = Assert.Throws<OptionsValidationException>(() => TrainConfigFile.Load(path));
        Assert.Equal($"{path}: train.learning_rat", error.OptionName);
        Assert.Contains("line 5", error.Message, StringComparison.Ordinal);
        Assert.Contains("unknown key", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_UnknownTopLevelKey_IsRefused()
    {
        using var dir = new TempDirectory();
        var path = Write(dir, """{ "modle": "Tiny" }""");

        var error = Assert.Throws<OptionsValidationException>(() => TrainConfigFile.Load(path));

        Assert.Equal($"{path}: modle", error.OptionName);
        Assert.Contains("line 1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ValueOfTheWrongType_NamesTheKey()
    {
        using var dir = new TempDirectory();
        var path = Write(dir, "{\n  \"train\": {\n    \"batch_size\": \"four\"\n  }\n}");

        var error = Assert.Throws<OptionsValidationException>(() => TrainConfigFile.Load(path));

        Assert.Equal($"{path}: train.batch_size", error.OptionName);
        Assert.Contains("line 3", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToOptions_UnknownPreset_NamesTheConfigKeyNotACommandLineOption()
    {
        using var dir = new TempDirectory();
        var path = Write(dir, """{ "model": "XL3_256" }""");

        var error = Assert.Throws<OptionsValidationException>(() => TrainConfigFile.Load(path).ToOptions("run"));

        Assert.Equal($"{path}: model", error.OptionName);
        Assert.Contains("unknown preset 'XL3_256'", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("--model", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("learning_rate", "0")]
    [InlineData("batch_size", "0")]
    [InlineData("gradient_accumulation", "0")]
    [InlineData("ema_rate", "1.5")]
    [InlineData("max_steps", "0")]
    [InlineData("checkpoint_every", "0")]
    public void ToOptions_OutOfRangeValue_NamesTheConfigKey(string key, string value)
    {
        using var dir = new TempDirectory();
        var path = Write(dir, $$"""{ "model": "Tiny", "train": { "{{key}}": {{value}} } }""");

        var error = Assert.Throws<OptionsValidationException>(() => TrainConfigFile.Load(path).ToOptions("run"));

        Assert.Equal($"{path}: train.{key}", error.OptionName);
        Assert.DoesNotContain("--", error.Message, StringComparison.Ordinal);
    }

    private static string Write(TempDirectory dir, string json)
    {
        var path = dir.Combine("stage.json");
        File.WriteAllText(path, json);
        return path;
    }
}
