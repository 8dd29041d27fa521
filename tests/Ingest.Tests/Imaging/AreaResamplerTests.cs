using DataForge.Ingest.Imaging;
using SkiaSharp;

namespace DataForge.Ingest.Tests.Imaging;

public sealed class AreaResamplerTests
{
    [Fact]
    public void Shrink_ThreePixelsToTwo_WeighsTheSharedMiddlePixelByHalf()
    {
        // Given one row of red levels 0, 90, 180: output pixel 0 covers source [0, 1.5), pixel 1 covers [1.5, 3)
        using var source = Row([0, 90, 180]);

        using var shrunk = AreaResampler.Shrink(source, 2, 1);

        // Then (0·1 + 90·0.5) / 1.5 = 30 and (90·0.5 + 180·1) / 1.5 = 150, worked by hand; alpha stays opaque
        Assert.Equal(new SKColor(30, 0, 0), shrunk.GetPixel(0, 0));
        Assert.Equal(new SKColor(150, 0, 0), shrunk.GetPixel(1, 0));
    }

    [Fact]
    public void Shrink_TwoByTwoBlocks_AverageBothDirections()
    {
        // A 4x2 image: left 2x2 block 10/20/30/40 in green, right block all 200 → 2x1
        using var source = new SKBitmap(new SKImageInfo(4, 2, SKColorType.Rgba8888, SKAlphaType.Opaque));
        byte[] greens = [10, 20, 200, 200, 30, 40, 200, 200];
        for (var i = 0; i < greens.Length; i++)
        {
            source.SetPixel(i % 4, i / 4, new SKColor(0, greens[i], 0));
        }

        using var shrunk = AreaResampler.Shrink(source, 2, 1);

        Assert.Equal(new SKColor(0, 25, 0), shrunk.GetPixel(0, 0));
        Assert.Equal(new SKColor(0, 200, 0), shrunk.GetPixel(1, 0));
    }

    [Fact]
    public void Shrink_LongRows_MatchTheScalarAverageBeyondTheVectorWidth()
    {
        // 40 px (longer than any vector) of a ramp shrunk by 4: each output is the mean of 4 neighbours
        using var source = Row(Enumerable.Range(0, 40).Select(i => (byte)(i * 6)).ToArray());

        using var shrunk = AreaResampler.Shrink(source, 10, 1);

        for (var x = 0; x < 10; x++)
        {
            var expected = ((4 * x * 6) + (((4 * x) + 3) * 6)) / 2; // mean of an arithmetic run = mean of its ends
            Assert.Equal(expected, shrunk.GetPixel(x, 0).Red);
        }
    }

    private static SKBitmap Row(byte[] reds)
    {
        var bitmap = new SKBitmap(new SKImageInfo(reds.Length, 1, SKColorType.Rgba8888, SKAlphaType.Opaque));
        for (var x = 0; x < reds.Length; x++)
        {
            bitmap.SetPixel(x, 0, new SKColor(reds[x], 0, 0));
        }

        return bitmap;
    }
}
