using System.Text.Json.Nodes;

namespace DataForge.Notebooks.Tests;

public sealed class NotebookExecutionTests(NotebookRunner runner) : IClassFixture<NotebookRunner>
{
    private static List<string> Data(JsonObject notebook, string mimeType) =>
        [.. NotebookRunner.Outputs(notebook)
            .Select(o => o["data"]?[mimeType])
            .Where(d => d is not null)
            .Select(d => d is JsonArray lines ? string.Concat(lines.Select(l => l!.GetValue<string>())) : d!.GetValue<string>())];

    private static void AssertPngFigures(JsonObject notebook, int expected)
    {
        var figures = Data(notebook, "image/png");
        Assert.Equal(expected, figures.Count);
        Assert.All(figures, png => Assert.StartsWith("iVBORw0KGgo", png, StringComparison.Ordinal)); // base64 of the PNG signature
        Assert.DoesNotContain(NotebookRunner.Outputs(notebook), o => o["output_type"]!.GetValue<string>() == "error");
    }

    [NotebookFact]
    public async Task CaptionDensity_ShowsTable1NextToThePaper_PlotsAndMarkedNouns()
    {
        var notebook = await runner.ExecuteAsync("caption-density.ipynb");

        AssertPngFigures(notebook, expected: 2); // rank-frequency, nouns per caption
        var html = string.Join('\n', Data(notebook, "text/html"));
        var table = html[html.IndexOf("<table class='table1'", StringComparison.Ordinal)..];
        foreach (var row in new[] { "<td>alt-text</td>", "<td>dense captions</td>", "<td>LAION-LLaVA</td>", "<td>SAM-LLaVA</td>" })
        {
            Assert.Contains(row, table, StringComparison.Ordinal);
        }

        Assert.Contains("<table class='side-by-side'>", html, StringComparison.Ordinal);
        Assert.Contains("<mark title='NOUN", html, StringComparison.Ordinal);
    }

    [NotebookFact]
    public async Task ShardExplorer_ShowsThumbnailsStatusesAndSizeDistributions()
    {
        var notebook = await runner.ExecuteAsync("shard-explorer.ipynb");

        AssertPngFigures(notebook, expected: 3); // status histogram, sizes, aspect ratios
        var html = string.Join('\n', Data(notebook, "text/html"));
        Assert.True(html.Split("data:image/jpeg;base64,").Length - 1 >= 10, "the thumbnail grid shows the shard's images");
        Assert.Contains("failed_to_download", html, StringComparison.Ordinal); // the demo's missing URL, with its reason
    }

    [NotebookFact]
    public async Task TrainingCurves_PlotsLossGradNormLearningRate_AndTheSampleGrid()
    {
        var notebook = await runner.ExecuteAsync("training-curves.ipynb");

        AssertPngFigures(notebook, expected: 4);
        var grid = Convert.FromBase64String(Data(notebook, "image/png")[^1]);
        Assert.Equal(await File.ReadAllBytesAsync(Path.Combine(runner.DemoDirectory, "samples", "grid.png")), grid);
        Assert.Contains(Data(notebook, "text/plain"), t => t.StartsWith("20 steps; loss", StringComparison.Ordinal));
    }
}
