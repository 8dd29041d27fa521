namespace DataForge.ShapeWorld;

/// <summary>A named colour of the shape world.</summary>
/// <param name="Name">The one English word captions use for it.</param>
/// <param name="R">Red.</param>
/// <param name="G">Green.</param>
/// <param name="B">Blue.</param>
public sealed record ShapeColor(string Name, byte R, byte G, byte B)
{
    /// <summary>Squared Euclidean RGB distance, the contrast measure the generator keeps objects visible by.</summary>
    /// <param name="other">The other colour.</param>
    /// <returns>The squared distance.</returns>
    public int DistanceSquared(ShapeColor other)
    {
        int dr = R - other.R, dg = G - other.G, db = B - other.B;
        return (dr * dr) + (dg * dg) + (db * db);
    }
}
