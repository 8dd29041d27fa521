namespace DataForge.ShapeWorld;

/// <summary>A scene's background.</summary>
/// <param name="Kind">How it is painted.</param>
/// <param name="ColorName">The (top) colour's word (<see cref="ShapePalette.BackgroundColors"/>).</param>
/// <param name="SecondColorName">The bottom colour's word; equal to <paramref name="ColorName"/> for plain backgrounds.</param>
public sealed record SceneBackground(BackgroundKind Kind, string ColorName, string SecondColorName)
{
    /// <summary>Gets the canonical description, e.g. "a plain beige background", "a mint sky over sand ground".</summary>
    public string Description => Kind switch
    {
        BackgroundKind.Plain => $"a plain {ColorName} background",
        BackgroundKind.Gradient => $"a {ColorName} to {SecondColorName} gradient background",
        _ => $"a {ColorName} sky over {SecondColorName} ground",
    };
}
