using System.Text.RegularExpressions;

namespace DataForge.ShapeWorld.Tests.World;

public sealed partial class SceneGraphParserTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(12345)]
    public void Parse_GoldCaptions_RoundTripEveryFact(int seed)
    {
        var generator = new ShapeWorldGenerator(seed);
        for (var i = 0L; i < 1500; i++)
        {
            var scene = generator.Generate(i);
            AssertSameFacts(scene.Graph, SceneGraphParser.Parse(scene.DenseCaption), scene.DenseCaption);
        }
    }

    [Fact]
    public void Parse_CountLastCaptions_RoundTripEveryFact_AndDifferFromTheGoldOnlyInOrder()
    {
        // The captioner is trained on this order (count list after the object sentences), so its captions must
        // parse exactly as the gold ones do.
        var generator = new ShapeWorldGenerator(5);
        for (var i = 0L; i < 1500; i++)
        {
            var scene = generator.Generate(i);
            var countLast = generator.DenseCaptionCountLast(scene);
            AssertSameFacts(scene.Graph, SceneGraphParser.Parse(countLast), countLast);
            Assert.NotEqual(scene.DenseCaption, countLast);
            Assert.Equal(Sorted(scene.DenseCaption), Sorted(countLast));
        }

        static string Sorted(string caption) => string.Concat(caption.Where(c => c != ' ').Order());
    }

    [Fact]
    public void Parse_CaptionAsAWordTokenizerDecodesIt_RoundTrips()
    {
        // The captioner's word-level tokenizer decodes "top left corner." as "top left corner ." and may change case.
        var generator = new ShapeWorldGenerator(4);
        for (var i = ShapeWorldGenerator.HeldOutStart; i < ShapeWorldGenerator.HeldOutStart + 500; i++)
        {
            var scene = generator.Generate(i);
            var decoded = string.Join(' ', Words().Matches(scene.DenseCaption).Select(m => m.Value)).ToUpperInvariant();
            AssertSameFacts(scene.Graph, SceneGraphParser.Parse(decoded), decoded);
        }
    }

    [Fact]
    public void Parse_GoldCaptions_ScorePerfectly()
    {
        var generator = new ShapeWorldGenerator(8);
        var scorer = new CaptionQualityScorer();
        for (var i = 0L; i < 500; i++)
        {
            var scene = generator.Generate(i);
            scorer.Add(scene.Graph, SceneGraphParser.Parse(scene.DenseCaption));
        }

        var report = scorer.Report();
        Assert.Equal(500, report.Scenes);
        Assert.True(report.StatedRelations > 400, $"{report.StatedRelations} relations stated in 500 captions");
        Assert.Equal((1.0, 1.0, 1.0, 1.0, 1.0, 1.0), (report.ObjectF1, report.ColorAccuracy, report.SizeAccuracy, report.PositionAccuracy, report.CountAccuracy, report.RelationAccuracy));
    }

    [Fact]
    public void GoldCaptions_UseSeveralPhrasingsPerFact()
    {
        // Strip the scene-specific words; what is left is the sentence template. One template per fact would leave
        // a handful of skeletons; the writer must produce many.
        var generator = new ShapeWorldGenerator(6);
        var sentences = Enumerable.Range(0, 400)
            .SelectMany(i => generator.Generate(i).DenseCaption.Split(". "))
            .Select(s => Specifics().Replace(s.ToLowerInvariant(), "_"))
            .ToHashSet();
        Assert.True(sentences.Count >= 40, $"only {sentences.Count} distinct sentence skeletons");
        foreach (var phrase in new[] { "is to the _ of", "is _ of", "is above", "is below", "is _ than", "there is", "you can see", "sits" })
        {
            Assert.True(sentences.Any(s => s.Contains(phrase, StringComparison.Ordinal)), $"no sentence says \"{phrase}\"");
        }
    }

    [Fact]
    public void Parse_HandWrittenCaption_ReadsEachFact()
    {
        var parsed = SceneGraphParser.Parse(
            "Two shapes on a mint sky over sand ground: a circle and a heart. A big RED circle is in the upper left. " +
            "At the bottom right you can see a little pink heart. The small pink heart is below the large red circle.");

        Assert.Equal(new SceneBackground(BackgroundKind.SkyGround, "mint", "sand"), parsed.Background);
        Assert.Equal(2, parsed.Objects.Count);
        Assert.Equal((ShapeKind.Circle, "red", ShapeSize.Large, new ScenePosition(0, 0)), Facts(parsed.Objects[0]));
        Assert.Equal((ShapeKind.Heart, "pink", ShapeSize.Small, new ScenePosition(2, 2)), Facts(parsed.Objects[1]));
        Assert.Equal([new SceneRelation(0, RelationKind.Above, 1)], parsed.Relations);
    }

    [Fact]
    public void Parse_TextWithoutShapes_GivesAnEmptyGraph()
    {
        var parsed = SceneGraphParser.Parse("abstract geometric wallpaper - Zorvique Designs | Etsy");
        Assert.Empty(parsed.Objects);
        Assert.Empty(parsed.Relations);
        Assert.Null(parsed.Background);
    }

    private static void AssertSameFacts(SceneGraph drawn, SceneGraph parsed, string caption)
    {
        // Captions describe objects in reading order of their cells (DenseCaptionOrderTests), so parsed object k
        // and parsed relation indices refer to that order, not to drawing order.
        var truth = new SceneGraph(drawn.Background, DenseCaptionWriter.ReadingOrder(drawn));
        Assert.True(truth.Objects.Count == parsed.Objects.Count, $"{parsed.Objects.Count} objects parsed from: {caption}");
        for (var k = 0; k < truth.Objects.Count; k++)
        {
            Assert.True(Facts(truth.Objects[k]) == Facts(parsed.Objects[k]), $"object {k} is {Facts(parsed.Objects[k])}, not {Facts(truth.Objects[k])}, in: {caption}");
        }

        Assert.True(truth.Background == parsed.Background, $"background {parsed.Background} from: {caption}");
        // Relations are stated between objects a "the size colour shape" phrase names unambiguously; two such
        // objects always sit in different cells, so at least one relation must be stated.
        var nameable = truth.Objects.GroupBy(Name).Count(g => g.Count() == 1);
        Assert.True(nameable < 2 || parsed.Relations.Count >= 1, $"no relation parsed from: {caption}");
        Assert.All(parsed.Relations, r => Assert.True(truth.Holds(r.Subject, r.Kind, r.Object), $"{r} does not hold; caption: {caption}"));
        Assert.Equal(truth.Counts.OrderBy(kv => kv.Key), parsed.Counts.OrderBy(kv => kv.Key));
    }

    private static (ShapeKind, string, ShapeSize) Name(SceneObject o) => (o.Shape, o.ColorName, o.Size);

    private static (ShapeKind, string, ShapeSize, ScenePosition) Facts(SceneObject o) => (o.Shape, o.ColorName, o.Size, o.Position);

    [GeneratedRegex(@"\w+|[^\w\s]+")]
    private static partial Regex Words();

    [GeneratedRegex(@"\b(one|two|three|four|five|small|little|large|big|red|orange|yellow|green|blue|purple|pink|brown|white|black|circles?|squares?|triangles?|stars?|rings?|cross(es)?|hearts?|diamonds?|beige|lavender|mint|peach|silver|sand|slate|teal|top|bottom|upper|lower|left|right|center|middle)\b")]
    private static partial Regex Specifics();
}
