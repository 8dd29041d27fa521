namespace DataForge.ShapeWorld;

/// <summary>An object as a caption describes it: shape, colour, size and the 3×3 region of its centre.</summary>
/// <param name="Shape">The shape.</param>
/// <param name="ColorName">The colour name.</param>
/// <param name="Size">The size.</param>
/// <param name="Horizontal">Left, centre or right third.</param>
/// <param name="Vertical">Top, middle or bottom third.</param>
public sealed record ObjectDescription(ShapeKind Shape, string ColorName, ShapeSize Size, HorizontalRegion Horizontal, VerticalRegion Vertical);
