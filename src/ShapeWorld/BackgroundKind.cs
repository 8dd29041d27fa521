namespace DataForge.ShapeWorld;

/// <summary>How a scene's background is painted.</summary>
public enum BackgroundKind
{
    /// <summary>One colour.</summary>
    Plain,

    /// <summary>A vertical gradient from the first colour (top) to the second (bottom).</summary>
    Gradient,

    /// <summary>Two bands: a "sky" of the first colour over a "ground" of the second.</summary>
    SkyGround,
}
