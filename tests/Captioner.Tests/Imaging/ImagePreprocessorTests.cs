using DataForge.Captioner.Imaging;
using DataForge.Captioner.Models;

namespace DataForge.Captioner.Tests.Imaging;

public sealed class ImagePreprocessorTests
{
    [Fact]
    public void Clip336_WideImage_IsPaddedWithTheMeanColourWhichNormalisesToZero()
    {
        // 200x100 solid (200, 50, 10): padded to 200x200 with the mean colour, so the top and bottom quarters
        // normalise to ~0 and the middle to (v/255 - mean)/std.
        var tensor = new ImagePreprocessor(PreprocessorConfig.Clip336()).Preprocess(TestImages.SolidPng(200, 50, 10, 200, 100));

        Assert.Equal(3 * 336 * 336, tensor.Length);
        var plane = 336 * 336;
        Assert.InRange(tensor[(5 * 336) + 168], -0.02f, 0.02f); // top padding, red channel
        Assert.InRange(tensor[(2 * plane) + (330 * 336) + 10], -0.02f, 0.02f); // bottom padding, blue channel
        Assert.Equal((200f / 255f - 0.48145466f) / 0.26862954f, tensor[(168 * 336) + 168], 2);
        Assert.Equal((50f / 255f - 0.4578275f) / 0.26130258f, tensor[plane + (168 * 336) + 168], 2);
    }

    [Fact]
    public void Siglip384_StretchesAndNormalisesWithHalf()
    {
        var pre = new ImagePreprocessor(PreprocessorConfig.Siglip384());
        var tensor = pre.Preprocess(TestImages.SolidPng(255, 0, 128, 50, 20));

        Assert.Equal((384, 384), (pre.Width, pre.Height));
        Assert.Equal(1f, tensor[0], 3);
        Assert.Equal(-1f, tensor[384 * 384], 3);
        Assert.Equal((128f / 255f - 0.5f) / 0.5f, tensor[(2 * 384 * 384) + 1000], 3);
    }

    [Fact]
    public void Preprocess_CorruptBytes_Throws()
    {
        var pre = new ImagePreprocessor(PreprocessorConfig.Siglip384());
        Assert.ThrowsAny<Exception>(() => pre.Preprocess([0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3]));
    }
}
