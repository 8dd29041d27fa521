using DataForge.Core.Imaging;

namespace DataForge.Captioner.Tests;

/// <summary>Solid-colour test images; the tiny model captions by dominant colour.</summary>
internal static class TestImages
{
    public static byte[] SolidPng(byte r, byte g, byte b, int width = 40, int height = 24)
    {
        var rgb = new byte[width * height * 3];
        for (var i = 0; i < rgb.Length; i += 3)
        {
            (rgb[i], rgb[i + 1], rgb[i + 2]) = (r, g, b);
        }

        return Rgb24Encoder.EncodePng(rgb, width, height);
    }

    public static byte[] Red => SolidPng(230, 20, 30);

    public static byte[] Green => SolidPng(20, 200, 40);

    public static byte[] Blue => SolidPng(10, 30, 220);
}
