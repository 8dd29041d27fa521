using System.Buffers.Binary;
using System.Text.Json.Nodes;
using DataForge.TestUtils;
using Xunit.Sdk;

namespace DataForge.Notebooks.Tests;

/// <summary>Executes each notebook against one shared demo run and checks the figures and tables it produced.</summary>
public sealed class NotebookExecutionTests(NotebookRunner runner) : IClassFixture<NotebookRunner>
{
    [NotebookFact]
    public async Task CaptionDensity_ShowsTable1NextToThePaper_PlotsAndMarkedNouns()
    {
        var notebook = await runner.ExecuteAsync("caption-density.ipynb");

        AssertPngFigures(notebook, expected: 2); // rank-frequency, nouns per caption
        var html = string.Join('\n', Data(notebook, "text/html"));
        var table = Between(html, "<table class=\"table1\">", "</table>");
        Assert.Contains("<th>Dataset</th><th>Captions</th><th>VN/DN</th><th>Total nouns</th><th>Average</th><th>Source</th>", table, StringComparison.Ordinal);
        foreach (var row in new[] { "<td>demo alt-text</td>", "<td>demo dense (shape-world captioner)</td>", "<td>LAION</td>", "<td>LAION-LLaVA</td>", "<td>SAM-LLaVA</td>" })
        {
            Assert.Contains(row, table, StringComparison.Ordinal);
        }

        var sideBySide = Between(html, "<table class=\"side-by-side\">", "</table>");
        Assert.Contains("<th>demo alt-text</th><th>demo dense (shape-world captioner)</th>", sideBySide, StringComparison.Ordinal);
        Assert.True(sideBySide.Split("<mark").Length - 1 >= 10, "the side-by-side captions mark their nouns");
    }

    [NotebookFact]
    public async Task ShardExplorer_ShowsThumbnailsStatusesAndSizeDistributions()
    {
        var notebook = await runner.ExecuteAsync("shard-explorer.ipynb");

        AssertPngFigures(notebook, expected: 3); // status histogram, sizes, aspect ratios
        var html = string.Join('\n', Data(notebook, "text/html"));
        Assert.True(html.Split("data:image/png;base64,").Length - 1 >= 10, "the thumbnail grid shows the shard's images (the demo keeps its 64x64 PNGs)");
        Assert.Contains("failed_to_download", html, StringComparison.Ordinal); // the demo's missing URL, with its reason
    }

    [NotebookFact]
    public async Task TrainingCurves_PlotsLossGradNormLearningRate_AndTheSampleGrid()
    {
        var notebook = await runner.ExecuteAsync("training-curves.ipynb");

        AssertPngFigures(notebook, expected: 4, plots: 3); // loss, grad norm, learning rate; then the demo's one sample grid
        var grid = Convert.FromBase64String(Data(notebook, "image/png")[^1]);
        Assert.Equal(await File.ReadAllBytesAsync(Path.Combine(runner.DemoDirectory, "samples", "grid.png")), grid);
        Assert.Contains(Data(notebook, "text/plain"), t => t.StartsWith("20 steps", StringComparison.Ordinal));
    }

    [NotebookFact]
    public async Task ACellThatFails_FailsTheRun_WithNbConvertsStderrAndTheCompilerMessage()
    {
        using var temp = new TempDirectory();
        var notebook = temp.Combine("broken.ipynb");
        var cell = new JsonObject { ["cell_type"] = "code", ["execution_count"] = null, ["metadata"] = new JsonObject(), ["outputs"] = new JsonArray(), ["source"] = "var answer = 6 * 7;\nConsole.WriteLine(notDeclaredAnywhere);" };
        var document = new JsonObject
        {
            ["cells"] = new JsonArray(cell),
            ["metadata"] = new JsonObject { ["kernelspec"] = new JsonObject { ["display_name"] = ".NET (C#)", ["language"] = "C#", ["name"] = ".net-csharp" } },
            ["nbformat"] = 4,
            ["nbformat_minor"] = 5,
        };
        await File.WriteAllTextAsync(notebook, document.ToJsonString());

        var failure = await Assert.ThrowsAsync<FailException>(() => runner.ExecuteFileAsync(notebook));

        Assert.Contains("CellExecutionError", failure.Message, StringComparison.Ordinal); // nbconvert's stderr
        Assert.Contains("Console.WriteLine(notDeclaredAnywhere);", failure.Message, StringComparison.Ordinal);
        Assert.Contains("CS0103", failure.Message, StringComparison.Ordinal); // the compiler's diagnostic, from the cell
    }

    private static List<string> Data(JsonObject notebook, string mimeType) =>
        [.. NotebookRunner.Outputs(notebook)
            .Select(o => o["data"]?[mimeType])
            .Where(d => d is not null)
            .Select(d => d is JsonArray lines ? string.Concat(lines.Select(l => l!.GetValue<string>())) : d!.GetValue<string>())];

    /// <summary>Asserts the notebook's image/png outputs: how many, and that the first <paramref name="plots"/> are plots as ShowPlot renders them (900 × 560 PNG).</summary>
    private static void AssertPngFigures(JsonObject notebook, int expected, int? plots = null)
    {
        var figures = Data(notebook, "image/png").Select(Convert.FromBase64String).ToList();
        Assert.Equal(expected, figures.Count);
        Assert.All(figures, png => Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A], png[..8]));
        Assert.All(figures.Take(plots ?? expected), png =>
        {
            Assert.Equal((900, 560), (BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16)), BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20)))); // IHDR
            Assert.True(png.Length > 10_000, $"a {png.Length}-byte plot is blank");
        });
    }

    private static string Between(string text, string start, string end)
    {
        var at = text.IndexOf(start, StringComparison.Ordinal);
        Assert.True(at >= 0, $"no {start} in the notebook's HTML outputs");
        var stop = text.IndexOf(end, at, StringComparison.Ordinal);
        return stop < 0 ? text[at..] : text[at..(stop + end.Length)];
    }
}
