using System.Text.Json;
using DataForge.TestUtils;

namespace DataForge.Cli.Tests.Commands;

public sealed class ShapeWorldExperimentCommandTests
{
    [Fact]
    public async Task Experiment_Reduced_RunsEveryStageAndJudgesEveryModelInBothPhrasings()
    {
        // The pipeline, not the effect: tiny random VAE/text encoder, a handful of scenes and steps.
        using var dir = new TempDirectory();
        var work = dir.Combine("exp");

        var (code, stdout, error) = await RunReducedAsync(work, tokens: 120);

        Assert.True(code == 0, error);
        Assert.Contains("dense_caption 0 of 12", stdout, StringComparison.Ordinal);
        Assert.Contains("gold_caption 0 of 12", stdout, StringComparison.Ordinal);
        Assert.Contains("patch 1 (64 tokens), D = 128, depth 4, 4 heads", stdout, StringComparison.Ordinal);
        Assert.Contains("| train gold_caption |", stdout, StringComparison.Ordinal);
        Assert.Contains("gold (scene graph)", stdout, StringComparison.Ordinal);
        Assert.Contains("Pipeline check only", stdout, StringComparison.Ordinal);
        Assert.Contains("the alt-text model's final alignment", stdout, StringComparison.Ordinal);
        Assert.Contains("dense (shape-world captioner)", stdout, StringComparison.Ordinal);
        foreach (var column in new[] { "caption", "dense_caption", "gold_caption" })
        {
            foreach (var phrasing in new[] { "short", "dense" })
            {
                foreach (var step in new[] { 2, 4 })
                {
                    using var json = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(work, "judged", column, $"step_{step:D8}", phrasing, "judge.json")));
                    // 8 prompts × 2 samples each.
                    Assert.Equal(16, json.RootElement.GetProperty("images").GetArrayLength());
                    Assert.Contains($"| {column} | {phrasing} | {step} |", stdout, StringComparison.Ordinal);
                }
            }
        }
    }

    [Fact]
    public async Task Experiment_TokensThatCutDenseCaptions_IsRefusedBeforeTraining()
    {
        // Dense captions run to ~80 words and some alt-texts past 16 tokens: 16 tokens would train on first words only.
        using var dir = new TempDirectory();
        var work = dir.Combine("exp");

        var (code, _, error) = await RunReducedAsync(work, tokens: 16);

        Assert.Equal(2, code);
        Assert.Matches(@"error: --tokens: ([1-9]|1[0-2]) of 12 captions in column \w+ have more than 16 tokens", error);
        Assert.False(Directory.Exists(Path.Combine(work, "train")));
    }

    [Fact]
    public async Task Experiment_GoldRunAlone_TrainsOnTheScenesGoldCaptions()
    {
        using var dir = new TempDirectory();
        var work = dir.Combine("exp");

        var (code, stdout, error) = await CliRun.RunAsync(
            "shapeworld", "experiment", "-o", work, "--tiny-random-models", "--count", "6", "--train-steps", "2", "--evaluations", "1", "--batch-size", "2",
            "--prompts", "4", "--sampler-steps", "2", "--samples-per-prompt", "1", "--runs", "gold", "--patch-size", "2", "--hidden-size", "32", "--depth", "1", "--heads", "2");

        Assert.True(code == 0, error);
        Assert.Contains("patch 2 (16 tokens), D = 32, depth 1, 2 heads", stdout, StringComparison.Ordinal);
        Assert.Contains("No alt-text run", stdout, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(work, "train", "caption")));
        Assert.False(Directory.Exists(Path.Combine(work, "train", "dense_caption")));
        // The gold captions reached extract-features: the T5 caption it stored is the scene's own gold caption.
        var scene = new DataForge.ShapeWorld.ShapeWorldGenerator(0).Generate(0);
        var table = await DataForge.Core.Shards.ShardFileReader.ReadTableAsync(Path.Combine(work, "features", "gold_caption", "00000.parquet"), ["t5_caption"]);
        Assert.Equal(Words(scene.DenseCaption), Words(table.Get<string>("t5_caption")[0]!));
        Assert.NotEqual(Words(scene.AltText), Words(table.Get<string>("t5_caption")[0]!));
    }

    [Theory]
    [InlineData("--runs", "silver", "unknown run 'silver'")]
    [InlineData("--runs", "gold,gold", "--runs")]
    [InlineData("--heads", "3", "must be a multiple of 4 and of --heads 3")]
    [InlineData("--patch-size", "3", "--patch-size 3 must divide")]
    [InlineData("--samples-per-prompt", "0", "--samples-per-prompt")]
    [InlineData("--sampler-steps", "1", "--sampler-steps: must be 2")]
    public async Task Experiment_BadDiTOrRunOptions_AreRefusedBeforeAnyWork(string option, string value, string message)
    {
        using var dir = new TempDirectory();

        var (code, _, error) = await CliRun.RunAsync("shapeworld", "experiment", "-o", dir.Combine("exp"), "--tiny-random-models", option, value);

        Assert.Equal(2, code);
        Assert.Contains(message, error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(dir.Combine("exp")));
    }

    [Fact]
    public async Task Experiment_TokensBeyondTheTextEncodersPositions_IsRefused()
    {
        using var dir = new TempDirectory();

        var (code, _, error) = await CliRun.RunAsync(
            "shapeworld", "experiment", "-o", dir.Combine("exp"), "--vae", RepoPaths.Combine("models", "shapeworld-vae"),
            "--text-encoder", RepoPaths.Combine("models", "shapeworld-text-encoder"), "--tokens", "200");

        Assert.Equal(2, code);
        Assert.Contains("text encoder's 128 positions", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Experiment_WithoutModels_IsRefused()
    {
        using var dir = new TempDirectory();

        var (code, _, error) = await CliRun.RunAsync("shapeworld", "experiment", "-o", dir.Combine("exp"));

        Assert.Equal(2, code);
        Assert.Contains("--tiny-random-models", error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(dir.Combine("exp")));
    }

    private static string Words(string text) =>
        string.Join(' ', System.Text.RegularExpressions.Regex.Matches(text.ToLowerInvariant(), "[a-z]+").Select(m => m.Value));

    private static Task<(int ExitCode, string Output, string Error)> RunReducedAsync(string work, int tokens) =>
        CliRun.RunAsync(
            "shapeworld", "experiment", "-o", work, "--tiny-random-models", "--count", "12", "--train-steps", "4", "--evaluations", "2", "--batch-size", "4",
            "--prompts", "8", "--sampler-steps", "2", "--samples-per-prompt", "2", "--tokens", tokens.ToString(System.Globalization.CultureInfo.InvariantCulture));
}
