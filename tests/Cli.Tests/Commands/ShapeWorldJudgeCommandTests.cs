using System.Text.Json;
using DataForge.Core.Imaging;
using DataForge.ShapeWorld.Evaluation;
using DataForge.TestUtils;

namespace DataForge.Cli.Tests.Commands;

public sealed class ShapeWorldJudgeCommandTests
{
    [Fact]
    public async Task PromptsThenJudge_GroundTruthRenders_ScoreOneAndWriteReports()
    {
        using var dir = new TempDirectory();
        var prompts = dir.Combine("prompts.json");

        var written = await CliRun.RunAsync("shapeworld", "prompts", "-o", prompts, "--count", "12", "--seed", "2");

        Assert.True(written.ExitCode == 0, written.Error);
        var set = PromptSet.Read(prompts);
        var generated = PromptSetGenerator.Generate(12, 2);
        Assert.Equal(generated.Select(g => g.Prompt.Dense), set.Prompts.Select(p => p.Dense));

        // Samples laid out as 'dataforge sample' writes them, here the reference scenes' renders.
        var samples = Directory.CreateDirectory(dir.Combine("samples")).FullName;
        var files = generated.Select((g, i) =>
        {
            File.WriteAllBytes(Path.Combine(samples, $"sample_{i:D3}.png"), Rgb24Encoder.EncodePng(g.RenderReference(), 64, 64));
            return new { File = $"sample_{i:D3}.png", Prompt = i % 2 == 0 ? g.Prompt.Short : g.Prompt.Dense, Seed = 0, BatchIndex = i };
        }).ToList();
        await File.WriteAllTextAsync(Path.Combine(samples, "index.json"), JsonSerializer.Serialize(new { Files = files }, new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower }));

        var (code, stdout, error) = await CliRun.RunAsync("shapeworld", "judge", "-i", samples, "--prompts", prompts, "-o", dir.Combine("judged"));

        Assert.True(code == 0, error);
        Assert.Contains("12 images, 12 prompts: alignment 1.000", stdout, StringComparison.Ordinal);
        Assert.True(File.Exists(dir.Combine("judged", "judge.md")));
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(dir.Combine("judged", "judge.json")));
        Assert.Equal(12, json.RootElement.GetProperty("images").GetArrayLength());
    }

    [Theory]
    [InlineData("prompts", "--count", "0")]
    [InlineData("prompts", "--count", "321")]
    [InlineData("judge", "--resamples", "0")]
    [InlineData("judge", "--prompts", "missing.json")]
    public async Task BadOption_IsRefusedWithUsageCode(string command, string option, string value)
    {
        using var dir = new TempDirectory();
        var prompts = dir.Combine("prompts.json");
        Assert.Equal(0, (await CliRun.RunAsync("shapeworld", "prompts", "-o", prompts, "--count", "4")).ExitCode);
        Directory.CreateDirectory(dir.Combine("samples"));
        string[] args = command == "prompts"
            ? ["shapeworld", "prompts", "-o", dir.Combine("p2.json"), option, value]
            : ["shapeworld", "judge", "-i", dir.Combine("samples"), "--prompts", option == "--prompts" ? dir.Combine(value) : prompts, "-o", dir.Combine("r"), .. option == "--prompts" ? Array.Empty<string>() : [option, value]];

        var (code, _, error) = await CliRun.RunAsync(args);

        Assert.Equal(2, code);
        Assert.Contains(option, error, StringComparison.Ordinal);
    }
}
