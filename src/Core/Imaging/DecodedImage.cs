using System.Runtime.InteropServices;
using SkiaSharp;

namespace DataForge.Core.Imaging;

/// <summary>
/// An upright, opaque image decoded by <see cref="UntrustedImageDecoder"/>: EXIF orientation applied, alpha
/// flattened onto white, 8-bit RGBA with alpha always 255 (<see cref="SKColorType.Rgba8888"/>,
/// <see cref="SKAlphaType.Opaque"/>). It may be smaller than the original when a target size asked for a scaled
/// decode; <see cref="Header"/> keeps the original's displayed size. Owns its bitmap: dispose it.
/// </summary>
public sealed class DecodedImage : IDisposable
{
    internal DecodedImage(SKBitmap bitmap, ImageHeader header)
    {
        Bitmap = bitmap;
        Header = header;
    }

    /// <summary>Gets the pixels (owned by this instance; valid until it is disposed).</summary>
    public SKBitmap Bitmap { get; }

    /// <summary>Gets what the header said: format, original displayed size, alpha, orientation, EXIF.</summary>
    public ImageHeader Header { get; }

    /// <summary>Gets the decoded width (upright; at most the original displayed width).</summary>
    public int Width => Bitmap.Width;

    /// <summary>Gets the decoded height (upright).</summary>
    public int Height => Bitmap.Height;

    /// <summary>Gets the displayed width of the original, before any scaled decode.</summary>
    public int OriginalWidth => Header.Width;

    /// <summary>Gets the displayed height of the original, before any scaled decode.</summary>
    public int OriginalHeight => Header.Height;

    /// <summary>Copies the pixels out as packed row-major RGB (3 bytes per pixel, no padding).</summary>
    /// <returns>The pixels with their size.</returns>
    public RgbPixels CopyRgb24()
    {
        var width = Bitmap.Width;
        var height = Bitmap.Height;
        var rgb = new byte[checked(width * height * 3)];
        var rowBytes = Bitmap.RowBytes;
        var source = Bitmap.GetPixelSpan();
        for (var y = 0; y < height; y++)
        {
            var row = MemoryMarshal.Cast<byte, uint>(source.Slice(y * rowBytes, width * 4));
            var target = rgb.AsSpan(y * width * 3, width * 3);
            for (var x = 0; x < row.Length; x++)
            {
                // Rgba8888 is R, G, B, A in memory, so on a little-endian machine R is the low byte.
                var p = row[x];
                target[3 * x] = (byte)p;
                target[(3 * x) + 1] = (byte)(p >> 8);
                target[(3 * x) + 2] = (byte)(p >> 16);
            }
        }

        return new RgbPixels(width, height, rgb);
    }

    /// <inheritdoc />
    public void Dispose() => Bitmap.Dispose();
}
