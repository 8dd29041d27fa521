namespace DataForge.ShapeWorld.Detection;

/// <summary>
/// How much of each object of a scene graph is visible: its rendered coverage not covered by objects drawn after it.
/// Scoring the detector on ground truth needs it, because a shape hidden behind others cannot be asked of any detector.
/// </summary>
public static class ObjectVisibility
{
    /// <summary>Objects with less than this fraction of their area visible count as hidden.</summary>
    public const double VisibleFraction = 0.5;

    /// <summary>Computes the visible fraction of every object.</summary>
    /// <param name="graph">The scene.</param>
    /// <returns>Per object (in <see cref="SceneGraph.Objects"/> order), the visible fraction of its area, 0–1.</returns>
    public static IReadOnlyList<double> Of(SceneGraph graph)
    {
        ArgumentNullException.ThrowIfNull(graph);
        var coverage = graph.Objects.Select(o => ShapeRenderer.RenderCoverage(o.Shape, o.Size, o.CenterX, o.CenterY)).ToList();
        var fractions = new double[graph.Objects.Count];
        for (var i = 0; i < fractions.Length; i++)
        {
            double total = 0, visible = 0;
            for (var p = 0; p < coverage[i].Length; p++)
            {
                var shown = (double)coverage[i][p];
                for (var j = 0; j < fractions.Length; j++)
                {
                    if (graph.Objects[j].Depth > graph.Objects[i].Depth)
                    {
                        shown *= 1 - coverage[j][p];
                    }
                }

                (total, visible) = (total + coverage[i][p], visible + shown);
            }

            fractions[i] = total > 0 ? visible / total : 0;
        }

        return fractions;
    }
}
