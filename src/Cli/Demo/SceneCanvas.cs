using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace DataForge.Cli.Demo;

/// <summary>Minimal filled-shape rasteriser over an ImageSharp image (ImageSharp 2 has no drawing package here).</summary>
public sealed class SceneCanvas : IDisposable
{
    /// <summary>Creates a canvas.</summary>
    /// <param name="width">Width in pixels.</param>
    /// <param name="height">Height in pixels.</param>
    public SceneCanvas(int width, int height)
    {
        Image = new Image<Rgb24>(width, height);
    }

    /// <summary>Gets the image drawn on.</summary>
    public Image<Rgb24> Image { get; }

    /// <summary>Gets the width.</summary>
    public int Width => Image.Width;

    /// <summary>Gets the height.</summary>
    public int Height => Image.Height;

    /// <summary>Fills rows <paramref name="y0"/>..<paramref name="y1"/> with a vertical gradient.</summary>
    /// <param name="y0">First row.</param>
    /// <param name="y1">Row after the last.</param>
    /// <param name="top">Colour at <paramref name="y0"/>.</param>
    /// <param name="bottom">Colour at <paramref name="y1"/>.</param>
    public void VerticalGradient(int y0, int y1, Rgb24 top, Rgb24 bottom)
    {
        for (var y = Math.Max(0, y0); y < Math.Min(Height, y1); y++)
        {
            var t = (float)(y - y0) / Math.Max(1, y1 - y0 - 1);
            var c = new Rgb24(Lerp(top.R, bottom.R, t), Lerp(top.G, bottom.G, t), Lerp(top.B, bottom.B, t));
            for (var x = 0; x < Width; x++)
            {
                Image[x, y] = c;
            }
        }
    }

    /// <summary>Fills an axis-aligned rectangle.</summary>
    /// <param name="x">Left.</param>
    /// <param name="y">Top.</param>
    /// <param name="w">Width.</param>
    /// <param name="h">Height.</param>
    /// <param name="color">Fill.</param>
    public void Rectangle(int x, int y, int w, int h, Rgb24 color)
    {
        for (var yy = Math.Max(0, y); yy < Math.Min(Height, y + h); yy++)
        {
            for (var xx = Math.Max(0, x); xx < Math.Min(Width, x + w); xx++)
            {
                Image[xx, yy] = color;
            }
        }
    }

    /// <summary>Fills a disc.</summary>
    /// <param name="cx">Centre x.</param>
    /// <param name="cy">Centre y.</param>
    /// <param name="r">Radius.</param>
    /// <param name="color">Fill.</param>
    public void Disc(int cx, int cy, int r, Rgb24 color)
    {
        for (var y = Math.Max(0, cy - r); y <= Math.Min(Height - 1, cy + r); y++)
        {
            for (var x = Math.Max(0, cx - r); x <= Math.Min(Width - 1, cx + r); x++)
            {
                if (((x - cx) * (x - cx)) + ((y - cy) * (y - cy)) <= r * r)
                {
                    Image[x, y] = color;
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
    public void Triangle(int apexX, int apexY, int baseY, int halfWidth, Rgb24 color)
    {
        for (var y = Math.Max(0, apexY); y <= Math.Min(Height - 1, baseY); y++)
        {
            var t = (float)(y - apexY) / Math.Max(1, baseY - apexY);
            var half = (int)(t * halfWidth);
            for (var x = Math.Max(0, apexX - half); x <= Math.Min(Width - 1, apexX + half); x++)
            {
                Image[x, y] = color;
            }
        }
    }

    /// <summary>Encodes the canvas as JPEG.</summary>
    /// <param name="quality">JPEG quality.</param>
    /// <returns>The bytes.</returns>
    public byte[] ToJpeg(int quality = 90)
    {
        using var buffer = new MemoryStream();
        Image.SaveAsJpeg(buffer, new SixLabors.ImageSharp.Formats.Jpeg.JpegEncoder { Quality = quality });
        return buffer.ToArray();
    }

    /// <inheritdoc />
    public void Dispose() => Image.Dispose();

    private static byte Lerp(byte a, byte b, float t) => (byte)Math.Clamp(a + ((b - a) * t), 0, 255);
}
