using DataForge.Core.Errors;
using DataForge.NounStats.Tagging;
using DataForge.TestUtils;

namespace DataForge.NounStats.Tests.Tagging;

public sealed class TaggerTrainerTests
{
    [SharedDataFact]
    public async Task TrainAsync_SameSeedTwice_GivesIdenticalBytes()
    {
        var options = new TaggerTrainingOptions { TreebankDirectory = NounStatsTestData.Treebank, MaxIterations = 2, TrainSentenceLimit = 1500 };

        var first = await TaggerTrainer.TrainAsync(options);
        var second = await TaggerTrainer.TrainAsync(options);

        Assert.Equal(first.ModelBytes, second.ModelBytes);
        Assert.Equal(2, first.DevUposAccuracies.Count);
        var tagger = PosTagger.Load(new MemoryStream(first.ModelBytes));
        Assert.Equal("NOUN", tagger.Tag("The house is big.")[1].Upos);
    }

    [SharedDataFact]
    public async Task TrainAsync_OtherSeed_GivesOtherBytes()
    {
        var options = new TaggerTrainingOptions { TreebankDirectory = NounStatsTestData.Treebank, MaxIterations = 2, TrainSentenceLimit = 1500 };

        var seed1 = await TaggerTrainer.TrainAsync(options);
        options.Seed = 2;
        var seed2 = await TaggerTrainer.TrainAsync(options);

        Assert.NotEqual(seed1.ModelBytes, seed2.ModelBytes);
    }

    [SharedDataFact]
    public async Task TrainToFileAsync_ShippedSettings_ReproducesShippedModel()
    {
        // Full EWT train, 12 passes (about 45 s on an idle 2-core machine; speed is measured in bench/, not here).
        using var temp = new TempDirectory();
        var output = temp.Combine("en_ewt_tagger.bin");

        var result = await TaggerTrainer.TrainToFileAsync(new TaggerTrainingOptions { TreebankDirectory = NounStatsTestData.Treebank }, output);

        Assert.Equal(await File.ReadAllBytesAsync(NounStatsTestData.ShippedModel), await File.ReadAllBytesAsync(output));
        Assert.Equal(PosTagger.Default.Description, result.Description);
    }

    [Fact]
    public void Validate_MissingTreebank_ThrowsOptionsValidation()
    {
        var options = new TaggerTrainingOptions { TreebankDirectory = "/nonexistent/treebank" };

        var error = Assert.Throws<OptionsValidationException>(options.Validate);
        Assert.Equal("--treebank", error.OptionName);
    }
}
