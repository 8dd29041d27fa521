namespace DataForge.Cli.Demo;

/// <summary>An opaque 8-bit RGB colour the demo scenes are painted with.</summary>
/// <param name="R">Red.</param>
/// <param name="G">Green.</param>
/// <param name="B">Blue.</param>
public readonly record struct SceneColor(byte R, byte G, byte B);
