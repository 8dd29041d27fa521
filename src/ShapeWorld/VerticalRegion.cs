namespace DataForge.ShapeWorld;

/// <summary>The third of the image an object's centre lies in, top to bottom.</summary>
public enum VerticalRegion
{
    /// <summary>Top third.</summary>
    Top,

    /// <summary>Middle third.</summary>
    Middle,

    /// <summary>Bottom third.</summary>
    Bottom,
}
