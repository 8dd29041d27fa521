namespace DataForge.ShapeWorld;

/// <summary>The two object sizes.</summary>
public enum ShapeSize
{
    /// <summary>About a sixth of the image across.</summary>
    Small,

    /// <summary>About a third of the image across.</summary>
    Large,
}
