namespace DataForge.Core.Imaging;

/// <summary>Packed 8-bit RGB pixels, row-major, 3 bytes per pixel, no row padding.</summary>
/// <param name="Width">Width in pixels.</param>
/// <param name="Height">Height in pixels.</param>
/// <param name="Data">The <c>Width × Height × 3</c> bytes, R then G then B.</param>
public sealed record RgbPixels(int Width, int Height, byte[] Data);
