namespace DataForge.ShapeWorld;

/// <summary>
/// The object colours and the background colours. The two sets share no name, and background colours are muted
/// so every object colour stays visible on every background.
/// </summary>
public static class ShapePalette
{
    /// <summary>Gets the object colours.</summary>
    public static IReadOnlyList<NamedColor> Colors { get; } =
    [
        new("red", 220, 38, 38), new("orange", 245, 140, 20), new("yellow", 245, 220, 30), new("green", 34, 150, 60),
        new("blue", 35, 75, 220), new("purple", 130, 45, 175), new("pink", 245, 115, 185), new("brown", 125, 75, 35),
        new("white", 250, 250, 250), new("black", 18, 18, 18),
    ];

    /// <summary>Gets the background colours.</summary>
    public static IReadOnlyList<NamedColor> BackgroundColors { get; } =
    [
        new("beige", 222, 208, 178), new("lavender", 196, 186, 222), new("mint", 180, 222, 196), new("peach", 242, 204, 176),
        new("silver", 182, 184, 190), new("sand", 206, 186, 140), new("slate", 96, 110, 128), new("teal", 60, 120, 124),
    ];

    /// <summary>Finds an object colour by its caption word.</summary>
    /// <param name="name">The word.</param>
    /// <returns>The colour, or null when no object colour has that name.</returns>
    public static NamedColor? Find(string name) => Colors.FirstOrDefault(c => c.Name == name);

    /// <summary>Finds a background colour by its caption word.</summary>
    /// <param name="name">The word.</param>
    /// <returns>The colour, or null when no background colour has that name.</returns>
    public static NamedColor? FindBackground(string name) => BackgroundColors.FirstOrDefault(c => c.Name == name);
}
