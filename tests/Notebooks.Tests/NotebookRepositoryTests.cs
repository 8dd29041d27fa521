using System.Text.Json.Nodes;
using DataForge.TestUtils;

namespace DataForge.Notebooks.Tests;

/// <summary>The committed notebooks: stripped of outputs, on the C# kernel, with one parameter cell at the top.</summary>
public sealed class NotebookRepositoryTests
{
    public static TheoryData<string> Notebooks() => [.. Names()];

    [Fact]
    public void TheThreeNotebooksAreThere() =>
        Assert.Equal(["caption-density.ipynb", "shard-explorer.ipynb", "training-curves.ipynb"], Names());

    [Theory]
    [MemberData(nameof(Notebooks))]
    public void Notebook_IsCommittedWithoutOutputs(string name)
    {
        var notebook = Load(name);

        Assert.All(Cells(notebook).Where(c => c["cell_type"]!.GetValue<string>() == "code"), cell =>
        {
            Assert.Empty(cell["outputs"]!.AsArray());
            Assert.Null(cell["execution_count"]);
        });
    }

    [Theory]
    [MemberData(nameof(Notebooks))]
    public void Notebook_RunsOnTheCSharpKernel_WithOneParameterCellAtTheTop(string name)
    {
        var notebook = Load(name);
        var code = Cells(notebook).Where(c => c["cell_type"]!.GetValue<string>() == "code").ToList();

        Assert.Equal(".net-csharp", notebook["metadata"]!["kernelspec"]!["name"]!.GetValue<string>());
        var parameters = Assert.Single(code, c => c["metadata"]?["tags"] is JsonArray tags && tags.Any(t => t!.GetValue<string>() == "parameters"));
        Assert.Same(code[0], parameters);
        Assert.Contains("Environment.GetEnvironmentVariable(\"DATAFORGE_DEMO_DIR\")", Source(parameters), StringComparison.Ordinal);
        Assert.Contains("\"..\", \"demo-work\"", Source(parameters), StringComparison.Ordinal);
        Assert.Single(code, c => Source(c).Contains("DATAFORGE_DEMO_DIR", StringComparison.Ordinal));
        Assert.StartsWith("#load \"dataforge.csx\"", Source(code[1]), StringComparison.Ordinal);
    }

    private static IEnumerable<string> Names() =>
        Directory.GetFiles(RepoPaths.Combine("notebooks"), "*.ipynb").Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal);

    private static JsonObject Load(string name) => JsonNode.Parse(File.ReadAllText(RepoPaths.Combine("notebooks", name)))!.AsObject();

    private static IEnumerable<JsonObject> Cells(JsonObject notebook) => notebook["cells"]!.AsArray().Select(c => c!.AsObject());

    private static string Source(JsonObject cell) =>
        cell["source"] is JsonArray lines ? string.Concat(lines.Select(l => l!.GetValue<string>())) : cell["source"]!.GetValue<string>();
}
