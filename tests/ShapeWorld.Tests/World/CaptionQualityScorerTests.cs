namespace DataForge.ShapeWorld.Tests.World;

public sealed class CaptionQualityScorerTests
{
    private static readonly SceneGraph Truth = new(
        new SceneBackground(BackgroundKind.Plain, "beige", "beige"),
        [
            new SceneObject(ShapeKind.Circle, "red", ShapeSize.Large, 0.2, 0.2, 0),
            new SceneObject(ShapeKind.Star, "blue", ShapeSize.Small, 0.8, 0.8, 1),
            new SceneObject(ShapeKind.Star, "green", ShapeSize.Small, 0.5, 0.5, 2),
        ]);

    [Fact]
    public void Add_CaptionWithAWrongColourAMissedAndAnInventedObject_CountsEachError()
    {
        // Circle right; blue star called yellow (matched, colour wrong); green star missed; a square invented.
        // A relation that holds (circle left of star) and one that does not (star above circle).
        var parsed = SceneGraphParser.Parse(
            "A large red circle is in the top left corner. A small yellow star is at the bottom right. " +
            "A small white square is on the left. The large red circle is left of the small yellow star. " +
            "The small yellow star is above the large red circle.");
        var scorer = new CaptionQualityScorer();

        scorer.Add(Truth, parsed);
        var r = scorer.Report();

        Assert.Equal((3, 3, 2), (r.TruthObjects, r.ParsedObjects, r.MatchedObjects));
        Assert.Equal(2.0 / 3, r.ObjectPrecision, 12);
        Assert.Equal(2.0 / 3, r.ObjectRecall, 12);
        Assert.Equal(0.5, r.ColorAccuracy, 12);
        Assert.Equal(1.0, r.SizeAccuracy, 12);
        Assert.Equal(0.0, r.CountAccuracy, 12); // stars 1 vs 2, and a square that is not there
        Assert.Equal((2, 1), (r.StatedRelations, r.RelationsCorrect));
    }

    [Fact]
    public void Add_RightCountsWrongPositions_CountsAreRightPositionsWrong()
    {
        var parsed = SceneGraphParser.Parse(
            "A large red circle is in the center. A small blue star is in the top left corner. A small green star is at the bottom.");
        var scorer = new CaptionQualityScorer();

        scorer.Add(Truth, parsed);
        var r = scorer.Report();

        Assert.Equal(1.0, r.ObjectF1, 12);
        Assert.Equal(1.0, r.CountAccuracy, 12);
        Assert.Equal(0.0, r.PositionAccuracy, 12);
        Assert.Equal(0, r.StatedRelations);
    }

    [Fact]
    public void Report_OverSeveralScenes_AddsUp()
    {
        var scorer = new CaptionQualityScorer();
        scorer.Add(Truth, SceneGraphParser.Parse(""));
        scorer.Add(Truth, SceneGraphParser.Parse("A large red circle is in the top left corner."));

        var r = scorer.Report();

        Assert.Equal((2, 6, 1, 1), (r.Scenes, r.TruthObjects, r.ParsedObjects, r.MatchedObjects));
        Assert.Equal(1.0 / 6, r.ObjectRecall, 12);
        Assert.Equal(1.0, r.ObjectPrecision, 12);
        Assert.Contains("| Object recall | 0.167 | 6 true objects |", r.ToMarkdown(), StringComparison.Ordinal);
    }

    [Fact]
    public void Report_NothingMatched_AttributeAccuraciesAreNotANumber()
    {
        var scorer = new CaptionQualityScorer();
        scorer.Add(Truth, SceneGraphParser.Parse("red apple on wooden table ."));

        var r = scorer.Report();

        Assert.Equal(0.0, r.ObjectRecall);
        Assert.True(double.IsNaN(r.ObjectPrecision) && double.IsNaN(r.ColorAccuracy) && double.IsNaN(r.RelationAccuracy));
        Assert.Equal(0.0, r.ObjectF1);
        Assert.Contains("| Colour accuracy | n/a | 0 matched objects |", r.ToMarkdown(), StringComparison.Ordinal);
    }
}
