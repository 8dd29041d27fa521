using System.Text.Json;
using DataForge.Core.Errors;
using DataForge.Core.Imaging;
using DataForge.ShapeWorld.Evaluation;

namespace DataForge.ShapeWorld.Tests.Evaluation;

public sealed class ShapeWorldJudgeTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("swjudge-");

    public void Dispose() => _dir.Delete(recursive: true);

    [Fact]
    public async Task RunAsync_SampleFolders_ScoreGroundTruthRendersAndWriteBothReports()
    {
        var generated = PromptSetGenerator.Generate(24, 5);
        var set = new PromptSet(5, generated.Select(g => g.Prompt).ToList());
        var prompts = Path.Combine(_dir.FullName, "prompts.json");
        set.Write(prompts);

        // Two sampling calls as 'dataforge sample' lays them out: one with the short, one with the dense phrasing.
        WriteSamples("seed0", generated.Select(g => (g.Prompt.Short, g.RenderReference())));
        WriteSamples("seed1", generated.Select(g => (g.Prompt.Dense, g.RenderReference())));
        var result = await ShapeWorldJudge.RunAsync(new JudgeOptions { InputDirectory = Path.Combine(_dir.FullName, "samples"), PromptsFile = prompts, OutputDirectory = Path.Combine(_dir.FullName, "report") });

        Assert.Equal(48, result.Images.Count);
        Assert.Equal(24, result.Images.Count(i => i.Phrasing == "dense"));
        Assert.All(result.Summary.Prompts, p => Assert.Equal(2, p.Images));
        Assert.True(result.Summary.Overall.Mean >= 0.95, result.Summary.Overall.ToString());
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(result.JsonReport));
        Assert.Equal(48, json.RootElement.GetProperty("images").GetArrayLength());
        Assert.Equal(result.Summary.Overall.Mean, json.RootElement.GetProperty("summary").GetProperty("overall").GetProperty("mean").GetDouble(), 1e-12);
        Assert.Contains("| **overall** | 24 |", await File.ReadAllTextAsync(result.MarkdownReport), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_PromptNotInSet_IsRefusedNamingTheFile()
    {
        var generated = PromptSetGenerator.Generate(4, 0);
        var prompts = Path.Combine(_dir.FullName, "prompts.json");
        new PromptSet(0, generated.Select(g => g.Prompt).ToList()).Write(prompts);
        WriteSamples("only", [("a purple giraffe", generated[0].RenderReference())]);
        var e = await Assert.ThrowsAsync<OptionsValidationException>(() => ShapeWorld.Evaluation.ShapeWorldJudge.RunAsync(
            new JudgeOptions { InputDirectory = Path.Combine(_dir.FullName, "samples", "only"), PromptsFile = prompts, OutputDirectory = Path.Combine(_dir.FullName, "r") }));
        Assert.Contains("sample_000.png", e.Message, StringComparison.Ordinal);
        Assert.Contains("a purple giraffe", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_FolderWithoutIndex_IsRefused()
    {
        var prompts = Path.Combine(_dir.FullName, "prompts.json");
        new PromptSet(0, PromptSetGenerator.Generate(4, 0).Select(g => g.Prompt).ToList()).Write(prompts);
        var e = await Assert.ThrowsAsync<OptionsValidationException>(() => ShapeWorldJudge.RunAsync(
            new JudgeOptions { InputDirectory = _dir.FullName, PromptsFile = prompts, OutputDirectory = Path.Combine(_dir.FullName, "r") }));
        Assert.Contains("index.json", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PromptSet_RoundTripsThroughItsFile()
    {
        var set = new PromptSet(9, PromptSetGenerator.Generate(12, 9).Select(g => g.Prompt).ToList());
        var path = Path.Combine(_dir.FullName, "p.json");
        set.Write(path);
        var read = PromptSet.Read(path);
        Assert.Equal(9, read.Seed);
        Assert.Equal(set.Prompts.Select(p => (p.Id, p.Task, p.Short, p.Dense)), read.Prompts.Select(p => (p.Id, p.Task, p.Short, p.Dense)));
        Assert.Equal(set.Prompts.SelectMany(p => p.Objects), read.Prompts.SelectMany(p => p.Objects));
        Assert.Equal((set.Prompts[3], "dense"), read.Find(set.Prompts[3].Dense)!.Value with { Prompt = set.Prompts[3] });
    }

    private void WriteSamples(string name, IEnumerable<(string Prompt, byte[] Rgb)> samples)
    {
        var folder = Directory.CreateDirectory(Path.Combine(_dir.FullName, "samples", name)).FullName;
        var files = samples.Select((s, i) =>
        {
            var file = $"sample_{i:D3}.png";
            File.WriteAllBytes(Path.Combine(folder, file), Rgb24Encoder.EncodePng(s.Rgb, 64, 64));
            return new { File = file, s.Prompt, Seed = 0, BatchIndex = i };
        }).ToList();
        var index = new { Checkpoint = "/ckpt", Weights = "ema", Sampler = "dpm-solver", Steps = 14, GuidanceScale = 4.5, Seed = 0, Files = files, Grid = (string?)null };
        File.WriteAllText(Path.Combine(folder, "index.json"), JsonSerializer.Serialize(index, new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower }));
    }
}
