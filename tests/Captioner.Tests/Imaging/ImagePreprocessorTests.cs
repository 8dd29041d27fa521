using System.IO.Compression;
using System.Text.Json;
using DataForge.Captioner.Imaging;
using DataForge.Captioner.Models;
using DataForge.Core.Imaging;
using DataForge.TestUtils;

namespace DataForge.Captioner.Tests.Imaging;

public sealed class ImagePreprocessorTests
{
    [Fact]
    public void LlavaPadded336_WideImage_IsPaddedWithLlavasTruncatedMeanColour()
    {
        // 200x100 solid (200, 50, 10): padded to 200x200 with LLaVA's expand2square colour
        // tuple(int(x * 255) for x in image_mean) = (122, 116, 104), so the padding normalises to (122/255 - mean)/std
        // (not exactly zero), and the middle to (v/255 - mean)/std.
        var tensor = new ImagePreprocessor(PreprocessorConfig.LlavaPadded336()).Preprocess(TestImages.SolidPng(200, 50, 10, 200, 100));

        Assert.Equal(3 * 336 * 336, tensor.Length);
        var plane = 336 * 336;
        Assert.Equal((122f / 255f - 0.48145466f) / 0.26862954f, tensor[(5 * 336) + 168], 5); // top padding, red
        Assert.Equal((104f / 255f - 0.40821073f) / 0.27577711f, tensor[(2 * plane) + (330 * 336) + 10], 5); // bottom padding, blue
        Assert.Equal((200f / 255f - 0.48145466f) / 0.26862954f, tensor[(168 * 336) + 168], 5);
        Assert.Equal((50f / 255f - 0.4578275f) / 0.26130258f, tensor[plane + (168 * 336) + 168], 5);
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

    [Theory]
    [InlineData("bicubic", 3)]
    [InlineData("bilinear", 2)]
    public void Preprocess_NoiseImage_ResizesExactlyAsPilDid(string filter, int resample)
    {
        // Given the golden noise image of the PilResampler tests (PNG, so the decode is lossless) and a processor
        // that only resizes (mean 0, std 1, no rescale), the tensor holds PIL 9.4's resized bytes.
        var golden = RepoPaths.Combine("tests", "Core.Tests", "Imaging", "Golden");
        var input = File.ReadAllBytes(Path.Combine(golden, "noise_29x31.rgb"));
        var expected = GoldenOutput(golden, "noise_29x31", filter, 39, 38);
        var config = new PreprocessorConfig
        {
            ResizeWidth = 39, ResizeHeight = 38, Resample = resample, RescaleFactor = 1f, Mean = [0f, 0f, 0f], Std = [1f, 1f, 1f],
        };

        var tensor = new ImagePreprocessor(config).Preprocess(Rgb24Encoder.EncodePng(input, 29, 31));

        var plane = 39 * 38;
        var actual = Enumerable.Range(0, plane).SelectMany(i => new[] { tensor[i], tensor[plane + i], tensor[(2 * plane) + i] }).Select(v => (byte)v).ToArray();
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void TryPreprocess_TruncatedPhoto_GivesTheDecodersReasonInsteadOfThrowing()
    {
        var jpeg = Rgb24Encoder.EncodeJpeg(new byte[64 * 64 * 3], 64, 64, 90);
        var pre = new ImagePreprocessor(PreprocessorConfig.Siglip384());

        var tensor = pre.TryPreprocess(jpeg.AsSpan(0, jpeg.Length / 2), out var error);

        Assert.Null(tensor);
        Assert.Contains("incomplete", error, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void TryPreprocess_MorePixelsThanTheLimit_IsRefusedAsABomb()
    {
        var pre = new ImagePreprocessor(PreprocessorConfig.Siglip384(), new ImageDecodeLimits { MaxDecodedPixels = 40 * 24 - 1 });

        Assert.Null(pre.TryPreprocess(TestImages.SolidPng(1, 2, 3, 40, 24), out var error));
        Assert.Contains("decompression bomb", error, StringComparison.Ordinal);
        Assert.Contains("959", error, StringComparison.Ordinal);

        // The same budget also bounds the intermediates (here the 384x384 resize), so the smallest budget that
        // lets this image through is the model's input size.
        Assert.NotNull(new ImagePreprocessor(PreprocessorConfig.Siglip384(), new ImageDecodeLimits { MaxDecodedPixels = 384 * 384 }).TryPreprocess(TestImages.SolidPng(1, 2, 3, 40, 24), out _));
        Assert.Null(new ImagePreprocessor(PreprocessorConfig.Siglip384(), new ImageDecodeLimits { MaxDecodedPixels = (384 * 384) - 1 }).TryPreprocess(TestImages.SolidPng(1, 2, 3, 40, 24), out var tooSmall));
        Assert.Contains("384x384 intermediate", tooSmall, StringComparison.Ordinal);
    }

    [Fact]
    public void TryPreprocess_SliverThatPadsToTooManyPixels_FailsTheRowWithTheSizes()
    {
        // 1x2000 decodes within a 1,000,000-pixel budget, but LLaVA's pad makes it 2000x2000 = 4,000,000 pixels.
        var pre = new ImagePreprocessor(PreprocessorConfig.LlavaPadded336(), new ImageDecodeLimits { MaxDecodedPixels = 1_000_000 });

        Assert.Null(pre.TryPreprocess(TestImages.SolidPng(9, 9, 9, 1, 2000), out var error));
        Assert.Equal("preprocessing a 1x2000 image needs a 2000x2000 intermediate, above the limit of 1000000 pixels", error);
    }

    [Fact]
    public void TryPreprocess_SliverThatResizesToTooManyPixels_FailsTheRowWithTheSizes()
    {
        // Without padding, the short side goes to 336 and the long side to 336 * 3000 = 1,008,000: 338,688,000 pixels.
        var config = new PreprocessorConfig { ShortestEdge = 336, CenterCrop = true, CropWidth = 336, CropHeight = 336 };
        var pre = new ImagePreprocessor(config);

        Assert.Null(pre.TryPreprocess(TestImages.SolidPng(9, 9, 9, 3000, 1), out var error));
        Assert.Equal($"preprocessing a 3000x1 image needs a 1008000x336 intermediate, above the limit of {ImageDecodeLimits.DefaultMaxDecodedPixels} pixels", error);
    }

    [Fact]
    public void Preprocess_CorruptBytes_ThrowsWithTheReason()
    {
        var pre = new ImagePreprocessor(PreprocessorConfig.Siglip384());
        var ex = Assert.Throws<InvalidDataException>(() => pre.Preprocess([0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3]));
        Assert.False(string.IsNullOrWhiteSpace(ex.Message));
    }

    [Fact]
    public void Parse_ResampleOutsidePilsFilters_IsAModelFormatError()
    {
        using var json = JsonDocument.Parse("""{"size":{"height":384,"width":384},"resample":7}""");
        var ex = Assert.Throws<ModelFormatException>(() => PreprocessorConfig.Parse(json.RootElement, "preprocessor_config.json"));
        Assert.Contains("resample 7 is not a PIL filter", ex.Message, StringComparison.Ordinal);
    }

    private static byte[] GoldenOutput(string golden, string input, string filter, int width, int height)
    {
        using var cases = JsonDocument.Parse(File.ReadAllText(Path.Combine(golden, "cases.json")));
        var offset = cases.RootElement.GetProperty("cases").EnumerateArray().Single(c =>
            c.GetProperty("input").GetString() == input && c.GetProperty("filter").GetString() == filter
            && c.GetProperty("target_width").GetInt32() == width && c.GetProperty("target_height").GetInt32() == height).GetProperty("offset").GetInt32();
        using var gz = new GZipStream(File.OpenRead(Path.Combine(golden, input + ".expected.gz")), CompressionMode.Decompress);
        using var all = new MemoryStream();
        gz.CopyTo(all);
        return all.ToArray().AsSpan(offset, width * height * 3).ToArray();
    }
}
