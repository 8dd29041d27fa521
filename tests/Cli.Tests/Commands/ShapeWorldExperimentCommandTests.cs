using System.Text.Json;
using DataForge.TestUtils;

namespace DataForge.Cli.Tests.Commands;

public sealed class ShapeWorldExperimentCommandTests
{
    [Fact]
    public async Task Experiment_Reduced_RunsEveryStageAndJudgesBothModelsInBothPhrasings()
    {
        // The pipeline, not the effect: tiny random VAE/text encoder, a handful of scenes and steps.
        using var dir = new TempDirectory();
        var work = dir.Combine("exp");

        var (code, stdout, error) = await RunReducedAsync(work, tokens: 120);

        Assert.True(code == 0, error);
        Assert.Contains("dense 0 of 12.", stdout, StringComparison.Ordinal);
        Assert.Contains("Pipeline check only", stdout, StringComparison.Ordinal);
        Assert.Contains("the alt-text model's final alignment", stdout, StringComparison.Ordinal);
        Assert.Contains("dense (shape-world captioner)", stdout, StringComparison.Ordinal);
        foreach (var column in new[] { "caption", "dense_caption" })
        {
            foreach (var phrasing in new[] { "short", "dense" })
            {
                foreach (var step in new[] { 2, 4 })
                {
                    using var json = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(work, "judged", column, $"step_{step:D8}", phrasing, "judge.json")));
                    Assert.Equal(8, json.RootElement.GetProperty("images").GetArrayLength());
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

    private static Task<(int ExitCode, string Output, string Error)> RunReducedAsync(string work, int tokens) =>
        CliRun.RunAsync(
            "shapeworld", "experiment", "-o", work, "--tiny-random-models", "--count", "12", "--train-steps", "4", "--evaluations", "2", "--batch-size", "4",
            "--prompts", "8", "--sampler-steps", "2", "--tokens", tokens.ToString(System.Globalization.CultureInfo.InvariantCulture));
}
