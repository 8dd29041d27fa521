namespace DataForge.ShapeWorld;

/// <summary>The third of the image an object's centre lies in, left to right.</summary>
public enum HorizontalRegion
{
    /// <summary>Left third.</summary>
    Left,

    /// <summary>Middle third.</summary>
    Center,

    /// <summary>Right third.</summary>
    Right,
}
