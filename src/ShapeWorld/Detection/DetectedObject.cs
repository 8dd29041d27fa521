namespace DataForge.ShapeWorld.Detection;

/// <summary>An object the <see cref="ShapeDetector"/> found.</summary>
/// <param name="Shape">The best-fitting shape.</param>
/// <param name="ColorName">The palette colour of its pixels (<see cref="ShapePalette.Colors"/>).</param>
/// <param name="Size">The best-fitting size.</param>
/// <param name="CenterX">Horizontal centre of the fitted outline, 0 (left) to 1 (right).</param>
/// <param name="CenterY">Vertical centre of the fitted outline, 0 (top) to 1 (bottom).</param>
/// <param name="PixelCount">Pixels segmented as this object (more than half covered by its colour).</param>
/// <param name="FitError">Mean absolute coverage error of the fitted outline per pixel of its area, over the pixels
/// no other object covers: 0 is a perfect fit; above <see cref="ShapeDetector.MaxFitError"/> the region is not reported.</param>
public sealed record DetectedObject(ShapeKind Shape, string ColorName, ShapeSize Size, double CenterX, double CenterY, int PixelCount, double FitError)
{
    /// <summary>Gets the cell of the 3×3 grid the centre lies in.</summary>
    public ScenePosition Position => ScenePosition.Of(CenterX, CenterY);
}
