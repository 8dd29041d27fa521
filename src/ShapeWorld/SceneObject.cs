namespace DataForge.ShapeWorld;

/// <summary>One object of a scene.</summary>
/// <param name="Shape">Its shape.</param>
/// <param name="ColorName">Its colour's caption word (<see cref="ShapePalette.Colors"/>).</param>
/// <param name="Size">Its size.</param>
/// <param name="CenterX">Horizontal centre, 0 (left edge) to 1 (right edge).</param>
/// <param name="CenterY">Vertical centre, 0 (top edge) to 1 (bottom edge).</param>
/// <param name="Depth">Drawing order: higher is drawn later, so it occludes lower ones.</param>
public sealed record SceneObject(ShapeKind Shape, string ColorName, ShapeSize Size, double CenterX, double CenterY, int Depth)
{
    /// <summary>Gets the cell of the 3×3 grid the centre lies in, the position captions name.</summary>
    public ScenePosition Position => ScenePosition.Of(CenterX, CenterY);
}
