using DataForge.ShapeWorld.Captioning;

namespace DataForge.ShapeWorld.Tests.Captioning;

/// <summary>The vision tower's per-cell training targets, written from hand-placed scene graphs.</summary>
public sealed class CaptionerCellHeadTests
{
    private const int Grid = 8;

    [Fact]
    public void Targets_OfASmallShape_NameItInItsCentresCell_AndLeaveOtherCellsEmpty()
    {
        // Centre (0.30, 0.70) on an 8×8 grid: column 2, row 5; a small shape's body (0.8 × 0.085) reaches no other
        // cell centre (the nearest is 0.113 away).
        var targets = new long[Grid * Grid * CaptionerCellHead.TargetsPerCell];

        CaptionerCellHead.Targets([new SceneObject(ShapeKind.Star, "blue", ShapeSize.Small, 0.30, 0.70, 0)], Grid, targets);

        var cell = ((5 * Grid) + 2) * CaptionerCellHead.TargetsPerCell;
        Assert.Equal([1 + (long)ShapeKind.Star, 4, (long)ShapeSize.Small], targets[cell..(cell + 3)]); // blue is the palette's fifth colour
        for (var c = 0; c < Grid * Grid; c++)
        {
            if (c * CaptionerCellHead.TargetsPerCell != cell)
            {
                Assert.Equal([0L, CaptionerBatch.Ignore, CaptionerBatch.Ignore], targets[(c * 3)..((c * 3) + 3)]);
            }
        }
    }

    [Fact]
    public void Targets_OfALargeShape_CoverTheCellsItsBodyReaches()
    {
        var targets = new long[Grid * Grid * CaptionerCellHead.TargetsPerCell];

        CaptionerCellHead.Targets([new SceneObject(ShapeKind.Cross, "black", ShapeSize.Large, 0.30, 0.70, 0)], Grid, targets);

        // Reach 0.8 × 0.15 = 0.12. Cell centres lie at 0.0625 + k/8: the own cell's is 0.018 away, the left and lower
        // neighbours' 0.113 (in), the right and upper ones' 0.138 and the nearest diagonal's 0.159 (out).
        int[] covered = [(5 * Grid) + 2, (5 * Grid) + 1, (6 * Grid) + 2];
        for (var c = 0; c < Grid * Grid; c++)
        {
            Assert.Equal(covered.Contains(c) ? 1 + (long)ShapeKind.Cross : 0L, targets[c * CaptionerCellHead.TargetsPerCell]);
        }
    }

    [Fact]
    public void Targets_OfTwoCentresInOneCell_AreTheTopmostObject()
    {
        var targets = new long[Grid * Grid * CaptionerCellHead.TargetsPerCell];
        // Listed topmost first, so the writer must order by depth rather than keep the last one listed.
        SceneObject[] objects =
        [
            new(ShapeKind.Heart, "red", ShapeSize.Small, 0.52, 0.52, 5),
            new(ShapeKind.Ring, "green", ShapeSize.Small, 0.55, 0.55, 1),
        ];

        CaptionerCellHead.Targets(objects, Grid, targets);

        var cell = ((4 * Grid) + 4) * CaptionerCellHead.TargetsPerCell;
        Assert.Equal([1 + (long)ShapeKind.Heart, 0, (long)ShapeSize.Small], targets[cell..(cell + 3)]);
        Assert.Equal(Grid * Grid - 1, Enumerable.Range(0, Grid * Grid).Count(c => targets[c * 3] == 0));
    }
}
