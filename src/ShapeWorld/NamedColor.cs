namespace DataForge.ShapeWorld;

/// <summary>A colour with the one word captions use for it.</summary>
/// <param name="Name">The caption word (lower case, one token).</param>
/// <param name="R">Red.</param>
/// <param name="G">Green.</param>
/// <param name="B">Blue.</param>
public sealed record NamedColor(string Name, byte R, byte G, byte B);
