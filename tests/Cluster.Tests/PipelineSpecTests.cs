using DataForge.Cli;
using System.Text.Json.Nodes;
using DataForge.Cluster.Pipeline;
using DataForge.Core.Errors;
using DataForge.TestUtils;

namespace DataForge.Cluster.Tests;

public sealed class PipelineSpecTests
{
    [Fact]
    public void Load_Demo_ResolvesShapesGpusAndWorkDirectory()
    {
        using var temp = new TempDirectory();
        var spec = PipelineSpecFiles.Demo(temp.Path);

        Assert.Equal(temp.Combine("work"), spec.WorkDirectory);
        Assert.Equal([StageShape.Array, StageShape.Array, StageShape.Array], spec.Stages.Select(s => s.Shape));
        Assert.Equal([null, "gpu:1", null], spec.Stages.Select(s => s.EffectiveGres));
    }

    [Theory]
    [InlineData("arrray_tasks", "3", "arrray_tasks")] // a typo is an error, not a silently ignored setting
    [InlineData("array_tasks", "0", "array_tasks")]
    [InlineData("name", "\"has space\"", "name")]
    public void Load_BadValue_NamesIt(string property, string json, string expected)
    {
        using var temp = new TempDirectory();
        var error = Assert.Throws<OptionsValidationException>(() => PipelineSpecFiles.Demo(temp.Path, s => s[property] = JsonNode.Parse(json)));

        Assert.Contains(expected, error.OptionName + error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_UnknownStage_ListsTheStages()
    {
        using var temp = new TempDirectory();
        var error = Assert.Throws<OptionsValidationException>(() => PipelineSpecFiles.Demo(temp.Path, s => s["stages"]!.AsArray().Add(new JsonObject { ["stage"] = "upload" })));

        Assert.Contains("'upload' is not a stage", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_StageFixingItsOwnPartition_IsRefused()
    {
        using var temp = new TempDirectory();
        var error = Assert.Throws<OptionsValidationException>(() => PipelineSpecFiles.Demo(temp.Path, s => s["stages"]![0]!["args"]!.AsArray().Add("--shard-count")));

        Assert.Contains("the pipeline sets each task's partition", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Select_UnknownName_IsAnError_AndKnownNamesKeepPipelineOrder()
    {
        using var temp = new TempDirectory();
        var spec = PipelineSpecFiles.Demo(temp.Path);

        Assert.Equal(["caption", "nounstats"], spec.Select(["nounstats", "caption"]).Select(s => s.Stage));
        Assert.Throws<OptionsValidationException>(() => spec.Select(["train"]));
    }

    [Fact]
    public void ShippedExample_LoadsAndEveryStageParsesAsItsCommand()
    {
        var spec = PipelineSpec.Load(RepoPaths.Combine("configs", "slurm", "laion-dense.pipeline.json"));
        using var context = new CliContext(TextWriter.Null, TextWriter.Null, verbose: false);
        var root = CliApplication.Build(context);

        Assert.Equal(["ingest", "caption", "nounstats"], spec.Stages.Select(s => s.Stage));
        foreach (var stage in spec.Stages)
        {
            var parse = root.Parse([stage.Stage, .. stage.Args]);
            Assert.True(parse.Errors.Count == 0, $"{stage.Stage}: {string.Join("; ", parse.Errors.Select(e => e.Message))}");
        }
    }
}
