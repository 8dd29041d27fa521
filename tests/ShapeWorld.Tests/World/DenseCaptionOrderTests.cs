namespace DataForge.ShapeWorld.Tests.World;

public sealed class DenseCaptionOrderTests
{
    [Fact]
    public void GoldCaptions_DescribeObjectsInReadingOrderOfTheirCells()
    {
        // The captioner can only learn which object comes next if the image decides it: row by row, left to right.
        var generator = new ShapeWorldGenerator(21);
        var drawnOutOfReadingOrder = 0;
        for (var i = 0L; i < 500; i++)
        {
            var scene = generator.Generate(i);
            var parsed = SceneGraphParser.Parse(scene.DenseCaption).Objects.Select(o => Key(o.Position)).ToList();
            Assert.Equal(scene.Graph.Objects.Count, parsed.Count);
            Assert.True(parsed.SequenceEqual(parsed.Order()), $"scene {i}: cells {string.Join(", ", parsed)} in \"{scene.DenseCaption}\"");
            var drawn = scene.Graph.Objects.Select(o => Key(o.Position)).ToList();
            drawnOutOfReadingOrder += drawn.SequenceEqual(drawn.Order()) ? 0 : 1;
        }

        // Otherwise this test would not tell reading order from drawing order.
        Assert.True(drawnOutOfReadingOrder > 100, $"only {drawnOutOfReadingOrder} scenes drawn out of reading order");
    }

    [Fact]
    public void GoldCaptions_CountListFollowsReadingOrder()
    {
        var generator = new ShapeWorldGenerator(22);
        for (var i = 0L; i < 500; i++)
        {
            var scene = generator.Generate(i);
            var ordered = scene.Graph.Objects.OrderBy(o => Key(o.Position)).Select(o => o.Shape).Distinct().ToList();
            var firstSentence = scene.DenseCaption[..scene.DenseCaption.IndexOf('.', StringComparison.Ordinal)];
            var positions = ordered.Select(s => firstSentence.IndexOf(Word(s), StringComparison.Ordinal)).ToList();
            Assert.True(positions.All(p => p >= 0) && positions.SequenceEqual(positions.Order()), $"scene {i}: \"{firstSentence}\" lists shapes out of reading order {string.Join(", ", ordered)}");
        }
    }

    private static int Key(ScenePosition p) => (p.Row * 3) + p.Column;

    // Singular stem: "star" is found in "stars", "cross" in "crosses".
    private static string Word(ShapeKind shape) => shape.ToString().ToLowerInvariant();
}
