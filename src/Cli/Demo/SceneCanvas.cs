using DataForge.Core.Imaging;

namespace DataForge.Cli.Demo;

/// <summary>
/// Minimal filled-shape rasteriser over a packed RGB24 buffer: whole pixels, no anti-aliasing, so a scene's bytes
/// depend only on its seed and not on a graphics library's rasteriser version.
/// </summary>
public sealed class SceneCanvas
{
    /// <summary>Creates a black canvas.</summary>
    /// <param name="width">Width in pixels.</param>
    /// <param name="height">Height in pixels.</param>
    public SceneCanvas(int width, int height)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        (Width, Height) = (width, height);
        Pixels = new byte[width * height * 3];
    }

    /// <summary>Gets the pixels drawn on: row-major RGB24, 3 bytes a pixel.</summary>
    public byte[] Pixels { get; }

    /// <summary>Gets the width.</summary>
    public int Width { get; }

    /// <summary>Gets the height.</summary>
    public int Height { get; }

    /// <summary>Gets the colour of one pixel.</summary>
    /// <param name="x">Column.</param>
    /// <param name="y">Row.</param>
    /// <returns>The colour.</returns>
    public SceneColor this[int x, int y]
    {
        get
        {
            var i = ((y * Width) + x) * 3;
            return new SceneColor(Pixels[i], Pixels[i + 1], Pixels[i + 2]);
        }
    }

    /// <summary>Fills rows <paramref name="y0"/>..<paramref name="y1"/> with a vertical gradient.</summary>
    /// <param name="y0">First row.</param>
    /// <param name="y1">Row after the last.</param>
    /// <param name="top">Colour at <paramref name="y0"/>.</param>
    /// <param name="bottom">Colour at <paramref name="y1"/>.</param>
    public void VerticalGradient(int y0, int y1, SceneColor top, SceneColor bottom)
    {
        for (var y = Math.Max(0, y0); y < Math.Min(Height, y1); y++)
        {
            var t = (float)(y - y0) / Math.Max(1, y1 - y0 - 1);
            var c = new SceneColor(Lerp(top.R, bottom.R, t), Lerp(top.G, bottom.G, t), Lerp(top.B, bottom.B, t));
            for (var x = 0; x < Width; x++)
            {
                Set(x, y, c);
            }
        }
    }

    /// <summary>Fills an axis-aligned rectangle.</summary>
    /// <param name="x">Left.</param>
    /// <param name="y">Top.</param>
    /// <param name="w">Width.</param>
    /// <param name="h">Height.</param>
    /// <param name="color">Fill.</param>
    public void Rectangle(int x, int y, int w, int h, SceneColor color)
    {
        for (var yy = Math.Max(0, y); yy < Math.Min(Height, y + h); yy++)
        {
            for (var xx = Math.Max(0, x); xx < Math.Min(Width, x + w); xx++)
            {
                Set(xx, yy, color);
            }
        }
    }

    /// <summary>Fills a disc.</summary>
    /// <param name="cx">Centre x.</param>
    /// <param name="cy">Centre y.</param>
    /// <param name="r">Radius.</param>
    /// <param name="color">Fill.</param>
    public void Disc(int cx, int cy, int r, SceneColor color)
    {
        for (var y = Math.Max(0, cy - r); y <= Math.Min(Height - 1, cy + r); y++)
        {
            for (var x = Math.Max(0, cx - r); x <= Math.Min(Width - 1, cx + r); x++)
            {
                if (((x - cx) * (x - cx)) + ((y - cy) * (y - cy)) <= r * r)
                {
                    Set(x, y, color);
                }
            }
        }
    }

    /// <summary>Fills a triangle with an apex above a horizontal base (mountains, roofs, fir trees).</summary>
    /// <param name="apexX">Apex x.</param>
    /// <param name="apexY">Apex y.</param>
    /// <param name="baseY">Base row.</param>
    /// <param name="halfWidth">Half the base width.</param>
    /// <param name="color">Fill.</param>
    public void Triangle(int apexX, int apexY, int baseY, int halfWidth, SceneColor color)
    {
        for (var y = Math.Max(0, apexY); y <= Math.Min(Height - 1, baseY); y++)
        {
            var t = (float)(y - apexY) / Math.Max(1, baseY - apexY);
            var half = (int)(t * halfWidth);
            for (var x = Math.Max(0, apexX - half); x <= Math.Min(Width - 1, apexX + half); x++)
            {
                Set(x, y, color);
            }
        }
    }

    /// <summary>Encodes the canvas as JPEG.</summary>
    /// <param name="quality">JPEG quality.</param>
    /// <returns>The bytes.</returns>
    public byte[] ToJpeg(int quality = 90) => Rgb24Encoder.EncodeJpeg(Pixels, Width, Height, quality);

    private void Set(int x, int y, SceneColor color)
    {
        var i = ((y * Width) + x) * 3;
        (Pixels[i], Pixels[i + 1], Pixels[i + 2]) = (color.R, color.G, color.B);
    }

    private static byte Lerp(byte a, byte b, float t) => (byte)Math.Clamp(a + ((b - a) * t), 0, 255);
}
