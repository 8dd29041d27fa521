using System.Text.Json.Nodes;
using DataForge.TestUtils;

namespace DataForge.Notebooks.Tests;

public sealed class NotebookRepositoryTests
{
    private static IEnumerable<string> Names() =>
        Directory.GetFiles(RepoPaths.Combine("notebooks"), "*.ipynb").Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal);

    public static TheoryData<string> Notebooks() => [.. Names()];

    [Fact]
    public void TheThreeNotebooksAreThere() =>
        Assert.Equal(["caption-density.ipynb", "shard-explorer.ipynb", "training-curves.ipynb"], Names());

    [Theory]
    [MemberData(nameof(Notebooks))]
    public void Notebook_IsCommittedWithoutOutputs_OnTheCSharpKernel_WithOneParameterCell(string name)
    {
        var notebook = JsonNode.Parse(File.ReadAllText(RepoPaths.Combine("notebooks", name)))!.AsObject();
        var code = notebook["cells"]!.AsArray().Select(c => c!.AsObject()).Where(c => c["cell_type"]!.GetValue<string>() == "code").ToList();

        Assert.Equal(".net-csharp", notebook["metadata"]!["kernelspec"]!["name"]!.GetValue<string>());
        Assert.All(code, c =>
        {
            Assert.Empty(c["outputs"]!.AsArray());
            Assert.Null(c["execution_count"]);
        });
        Assert.Single(code, c => Source(c).Contains("DATAFORGE_DEMO_DIR", StringComparison.Ordinal));
        Assert.StartsWith("#load \"dataforge.csx\"", Source(code[0]), StringComparison.Ordinal);
    }

    private static string Source(JsonObject cell) =>
        cell["source"] is JsonArray lines ? string.Concat(lines.Select(l => l!.GetValue<string>())) : cell["source"]!.GetValue<string>();
}
