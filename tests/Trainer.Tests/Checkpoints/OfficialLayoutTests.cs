using System.Text.Json;
using DataForge.TestUtils;
using DataForge.Trainer.Checkpoints;
using DataForge.Trainer.Model;
using DataForge.Trainer.Runtime;
using static DataForge.Trainer.Tests.Checkpoints.CheckpointFixtures;
using static TorchSharp.torch;

namespace DataForge.Trainer.Tests.Checkpoints;

/// <summary>
/// The exported <c>.pth</c> against the key names and shapes torch itself gives the official module tree
/// (Golden/official_layout.py, run with python3-torch 1.13; the same script strict-loads an exported file).
/// </summary>
public sealed class OfficialLayoutTests
{
    public OfficialLayoutTests() => TorchRuntime.EnsureLoaded();

    [Theory]
    [InlineData("pixart", false)]
    [InlineData("pixart_ms", true)]
    public void PixArtExport_HasExactlyTheOfficialModulesKeysAndShapes(string layout, bool ms)
    {
        using var scope = NewDisposeScope();
        using var dir = new TempDirectory();
        var golden = JsonDocument.Parse(File.ReadAllText(RepoPaths.Combine("tests", "Trainer.Tests", "Checkpoints", "Golden", "official_tiny_layout.json")))
            .RootElement.GetProperty(layout).EnumerateObject()
            .ToDictionary(p => p.Name, p => string.Join(",", p.Value.EnumerateArray().Select(d => d.GetInt64())));
        using var model = RandomModel(PixArtConfig.Tiny with { MicroConditions = ms }, 21);
        SaveRun(dir.Combine("run"), model, model);
        CheckpointExporter.Export(dir.Combine("run"), dir.Combine("out.pth"), ExportFormat.PixArt);

        var exported = StateDictFile.Load(dir.Combine("out.pth")).ToDictionary(p => p.Key, p => string.Join(",", p.Value.shape));
        Assert.Equal(golden.OrderBy(p => p.Key, StringComparer.Ordinal), exported.OrderBy(p => p.Key, StringComparer.Ordinal));
    }
}
