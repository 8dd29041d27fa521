using DataForge.ShapeWorld.Detection;

namespace DataForge.ShapeWorld.Tests.Detection;

public sealed class OcclusionScoringTests
{
    private static readonly SceneBackground Beige = new(BackgroundKind.Plain, "beige", "beige");

    [Fact]
    public void HiddenObject_IsNotRequired_AndPartlyHiddenOneIsStillFound()
    {
        // A small red circle wholly under a large blue square (drawn later), and a green star a quarter covered by a
        // large black circle: the hidden one is not required, the partly hidden one must still be found.
        SceneObject[] objects =
        [
            new(ShapeKind.Circle, "red", ShapeSize.Small, 0.30, 0.30, 0),
            new(ShapeKind.Square, "blue", ShapeSize.Large, 0.31, 0.31, 1),
            new(ShapeKind.Star, "green", ShapeSize.Large, 0.62, 0.70, 2),
            new(ShapeKind.Circle, "black", ShapeSize.Large, 0.80, 0.80, 3),
        ];
        var graph = new SceneGraph(Beige, objects);
        var visibility = ObjectVisibility.Of(graph);
        Assert.Equal(0, visibility[0], 3);
        Assert.Equal(1, visibility[1], 3);
        Assert.InRange(visibility[2], 0.5, 0.95);

        var score = ImageDetectionScore.Of(graph, ShapeDetector.Detect(ShapeRenderer.Render(graph, 0.6)));
        Assert.False(score.Objects[0].Visible);
        Assert.True(score.Objects[2].Visible && score.Objects[2].Correct, score.Objects[2].ToString());
        Assert.True(score.Exact, string.Join("; ", score.Objects.Select(o => o.ToString())));
    }

    [Fact]
    public void MissedVisibleObject_AndExtraDetection_AreErrors()
    {
        var graph = new SceneGraph(Beige, [new SceneObject(ShapeKind.Heart, "pink", ShapeSize.Large, 0.5, 0.5, 0)]);
        var wrongShape = new DetectedObject(ShapeKind.Circle, "pink", ShapeSize.Large, 0.5, 0.5, 200, 0.3);
        var extra = new DetectedObject(ShapeKind.Star, "red", ShapeSize.Small, 0.15, 0.15, 40, 0.05);
        var score = ImageDetectionScore.Of(graph, [wrongShape, extra]);
        Assert.False(score.Objects[0].Correct);
        Assert.Equal([extra], score.Unpaired);
        Assert.False(score.Exact);
        Assert.True(ImageDetectionScore.Of(graph, [wrongShape with { Shape = ShapeKind.Heart }]).Exact);
    }
}
