namespace DataForge.ShapeWorld;

/// <summary>The shapes a scene object can have.</summary>
public enum ShapeKind
{
    /// <summary>A filled disc.</summary>
    Circle,

    /// <summary>An axis-aligned filled square.</summary>
    Square,

    /// <summary>An upward-pointing filled triangle.</summary>
    Triangle,

    /// <summary>A five-pointed star.</summary>
    Star,

    /// <summary>An annulus (a circle with a hole).</summary>
    Ring,

    /// <summary>A plus-sign cross.</summary>
    Cross,

    /// <summary>A heart.</summary>
    Heart,

    /// <summary>A square standing on one corner.</summary>
    Diamond,
}
