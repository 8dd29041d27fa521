namespace DataForge.ShapeWorld.Captioning;

/// <summary>One training pair: an image and the caption the captioner should write for it.</summary>
/// <param name="Rgb">Row-major RGB24 pixels, <see cref="CaptionerConfig.ImageSize"/>² of them.</param>
/// <param name="Caption">The target caption.</param>
/// <param name="Objects">The scene's true objects when known: the vision tower's per-cell training targets (<see cref="CaptionerCellHead"/>).</param>
public sealed record CaptionedImage(byte[] Rgb, string Caption, IReadOnlyList<SceneObject>? Objects = null);
