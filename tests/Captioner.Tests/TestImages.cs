using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace DataForge.Captioner.Tests;

/// <summary>Solid-colour test images; the tiny model captions by dominant colour.</summary>
internal static class TestImages
{
    public static byte[] SolidPng(byte r, byte g, byte b, int width = 40, int height = 24)
    {
        using var image = new Image<Rgb24>(width, height, new Rgb24(r, g, b));
        using var stream = new MemoryStream();
        image.SaveAsPng(stream);
        return stream.ToArray();
    }

    public static byte[] Red => SolidPng(230, 20, 30);

    public static byte[] Green => SolidPng(20, 200, 40);

    public static byte[] Blue => SolidPng(10, 30, 220);
}
