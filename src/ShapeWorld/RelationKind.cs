namespace DataForge.ShapeWorld;

/// <summary>The pairwise spatial relations scene graphs record (their inverses are the same facts read backwards).</summary>
public enum RelationKind
{
    /// <summary>The subject lies in a column left of the object's.</summary>
    LeftOf,

    /// <summary>The subject lies in a row above the object's.</summary>
    Above,
}
