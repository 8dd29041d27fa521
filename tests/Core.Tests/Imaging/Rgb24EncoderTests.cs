using DataForge.Core.Imaging;
using SkiaSharp;

namespace DataForge.Core.Tests.Imaging;

public sealed class Rgb24EncoderTests
{
    [Fact]
    public void EncodePng_NoisePixels_DecodeBackExactlyAsAnRgbPng()
    {
        // Given seeded noise (every byte value, nothing a codec could guess)
        var (width, height) = (13, 7);
        var rgb = new byte[width * height * 3];
        new Random(5).NextBytes(rgb);

        // When encoded as PNG
        var png = Rgb24Encoder.EncodePng(rgb, width, height);

        // Then the file is 8-bit truecolour without alpha (IHDR colour type 2) and decodes to the same pixels
        Assert.Equal(8, png[24]);
        Assert.Equal(2, png[25]);
        Assert.Equal(rgb, DecodeRgb(png, out var w, out var h));
        Assert.Equal((width, height), (w, h));
    }

    [Fact]
    public void EncodeJpeg_SolidColour_DecodesCloseAtTheRequestedSize()
    {
        var (width, height) = (40, 24);
        var rgb = new byte[width * height * 3];
        for (var i = 0; i < rgb.Length; i += 3)
        {
            (rgb[i], rgb[i + 1], rgb[i + 2]) = ((byte)200, (byte)40, (byte)90);
        }

        var jpeg = Rgb24Encoder.EncodeJpeg(rgb, width, height, 95);

        Assert.Equal([0xFF, 0xD8, 0xFF], jpeg[..3]);
        var decoded = DecodeRgb(jpeg, out var w, out var h);
        Assert.Equal((width, height), (w, h));
        Assert.All(decoded.Select((v, i) => Math.Abs(v - rgb[i])), d => Assert.InRange(d, 0, 3));
    }

    [Fact]
    public void EncodeJpeg_LowerQuality_IsSmaller()
    {
        var rgb = new byte[64 * 64 * 3];
        new Random(9).NextBytes(rgb);

        Assert.True(Rgb24Encoder.EncodeJpeg(rgb, 64, 64, 30).Length < Rgb24Encoder.EncodeJpeg(rgb, 64, 64, 95).Length);
    }

    [Fact]
    public void Encode_WrongBufferLengthOrQuality_IsRefused()
    {
        var ex = Assert.Throws<ArgumentException>(() => Rgb24Encoder.EncodePng(new byte[5], 2, 1));
        Assert.Contains("expected 6 bytes for 2x1 RGB24, got 5", ex.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => Rgb24Encoder.EncodeJpeg(new byte[6], 2, 1, 0));
    }

    private static byte[] DecodeRgb(byte[] encoded, out int width, out int height)
    {
        // Trusted bytes this test just encoded, so Skia's plain decoder is enough here.
        using var bitmap = SKBitmap.Decode(encoded);
        using var rgba = bitmap.Copy(SKColorType.Rgba8888);
        (width, height) = (rgba.Width, rgba.Height);
        var bytes = rgba.Bytes;
        var rgb = new byte[width * height * 3];
        for (int i = 0, j = 0; j < rgb.Length; i += 4, j += 3)
        {
            (rgb[j], rgb[j + 1], rgb[j + 2]) = (bytes[i], bytes[i + 1], bytes[i + 2]);
        }

        return rgb;
    }
}
