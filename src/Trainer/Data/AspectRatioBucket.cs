namespace DataForge.Trainer.Data;

/// <summary>One aspect-ratio bucket: its key (height/width) and target size in pixels.</summary>
/// <param name="Ratio">The key, height / width as the official table writes it.</param>
/// <param name="Height">Target height in pixels.</param>
/// <param name="Width">Target width in pixels.</param>
public sealed record AspectRatioBucket(double Ratio, int Height, int Width);
