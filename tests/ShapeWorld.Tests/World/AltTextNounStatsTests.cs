using System.Text.Json;
using DataForge.NounStats;
using DataForge.NounStats.Inputs;
using DataForge.TestUtils;

namespace DataForge.ShapeWorld.Tests.World;

public sealed class AltTextNounStatsTests
{
    [SharedDataFact]
    public async Task AltText_NounStatistics_LookLikeLaionAndNotLikeTheDenseCaptions()
    {
        using var temp = new TempDirectory();
        var generator = new ShapeWorldGenerator(21);
        var scenes = Enumerable.Range(0, 1000).Select(i => generator.Generate(i)).ToList();
        var altPath = temp.Combine("alt.jsonl");
        var densePath = temp.Combine("dense.jsonl");
        await File.WriteAllLinesAsync(altPath, scenes.Select(s => JsonSerializer.Serialize(new { caption = s.AltText })));
        await File.WriteAllLinesAsync(densePath, scenes.Select(s => JsonSerializer.Serialize(new { caption = s.DenseCaption })));
        var options = new NounStatsOptions { OutputDirectory = temp.Combine("report"), WritePlots = false };
        options.Inputs.Add(new CaptionInput { Path = SharedData.Path("laion", "test_1000.parquet"), Column = "TEXT", Label = "LAION" });
        options.Inputs.Add(new CaptionInput { Path = altPath, Column = "caption", Label = "alt" });
        options.Inputs.Add(new CaptionInput { Path = densePath, Column = "caption", Label = "dense" });

        var stats = (await NounStatsRunner.RunAsync(options)).Statistics;
        var (laion, alt, dense) = (stats[0], stats[1], stats[2]);

        // The same counter on 1,000 real LAION alt-texts: the synthetic alt-text has about as many nouns per image
        // (paper: 6.4), and like LAION most of its distinct nouns are rare (low VN/DN; paper: 8.5 %).
        Assert.InRange(alt.AveragePerCaption, laion.AveragePerCaption - 1.5, laion.AveragePerCaption + 1.5);
        Assert.InRange(alt.ValidRatio, 0.0, 0.25);
        Assert.True(alt.DistinctNouns > 300, $"alt-text has only {alt.DistinctNouns} distinct nouns");

        // Dense gold: more nouns per image and far higher VN/DN, the paper's point.
        Assert.True(dense.AveragePerCaption > 1.8 * alt.AveragePerCaption, $"dense {dense.AveragePerCaption:F2} vs alt {alt.AveragePerCaption:F2} nouns per image");
        Assert.True(dense.ValidRatio > 2 * alt.ValidRatio, $"dense VN/DN {dense.ValidRatio:P1} vs alt {alt.ValidRatio:P1}");
    }

    [Fact]
    public void AltText_NamesAtMostOneObjectAndIsSometimesWrongOrEmptyOfShapes()
    {
        var generator = new ShapeWorldGenerator(22);
        var shapeWords = Enum.GetValues<ShapeKind>().Select(s => s.ToString().ToLowerInvariant()).ToArray();
        int noShape = 0, wrongColour = 0, total = 1000;
        for (var i = 0; i < total; i++)
        {
            var scene = generator.Generate(i);
            var words = scene.AltText.ToLowerInvariant().Split([' ', '-', '.', '|'], StringSplitOptions.RemoveEmptyEntries);
            noShape += words.Intersect(shapeWords).Any() ? 0 : 1;
            var colours = words.Where(w => ShapePalette.Find(w) is not null).ToList();
            wrongColour += colours.Count > 0 && colours.All(c => scene.Graph.Objects.All(o => o.ColorName != c)) ? 1 : 0;
            Assert.True(SceneGraphParser.Parse(scene.AltText).Objects.Count <= 1, scene.AltText);
        }

        Assert.InRange(noShape, 100, 500);
        Assert.InRange(wrongColour, 20, 250);
    }
}
