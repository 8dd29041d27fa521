namespace DataForge.Cli.Demo;

/// <summary>One procedurally drawn demo image with its short alt-text style caption.</summary>
/// <param name="Index">Scene number.</param>
/// <param name="Caption">Alt-text style caption naming what was drawn.</param>
/// <param name="Jpeg">The encoded image.</param>
/// <param name="Width">Width in pixels.</param>
/// <param name="Height">Height in pixels.</param>
public sealed record GeneratedScene(int Index, string Caption, byte[] Jpeg, int Width, int Height);
