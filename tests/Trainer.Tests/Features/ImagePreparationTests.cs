using System.Text.Json;
using DataForge.Core.Imaging;
using DataForge.TestUtils;
using DataForge.Trainer.Features;

namespace DataForge.Trainer.Tests.Features;

public sealed class ImagePreparationTests
{
    private static readonly string Golden = RepoPaths.Combine("tests", "Core.Tests", "Imaging", "Golden");

    public static TheoryData<string, int, int, int, string> SquareCases()
    {
        // Written by tests/Core.Tests/Imaging/make_pil_resize_golden.py: torchvision's Resize + CenterCrop rules over PIL.
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(Golden, "cases.json")));
        var data = new TheoryData<string, int, int, int, string>();
        foreach (var c in json.RootElement.GetProperty("square_transform").EnumerateArray())
        {
            data.Add(c.GetProperty("input").GetString()!, c.GetProperty("width").GetInt32(), c.GetProperty("height").GetInt32(), c.GetProperty("resolution").GetInt32(), c.GetProperty("expected").GetString()!);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(SquareCases))]
    public void ToSquareTensor_MatchesTorchvisionResizeAndCenterCropOverPil(string input, int width, int height, int resolution, string expectedFile)
    {
        // Given an image decoded from a lossless PNG of the golden input
        var rgb = File.ReadAllBytes(Path.Combine(Golden, input + ".rgb"));
        var image = ImagePreparation.Decode(Rgb24Encoder.EncodePng(rgb, width, height), ImageDecodeLimits.Default, out var error);
        Assert.Null(error);

        // When it goes through the square transform
        var tensor = ImagePreparation.ToSquareTensor(image!, resolution);

        // Then, back in bytes, it is PIL's bilinear resize cropped where torchvision crops
        var back = ImagePreparation.ToPixels(tensor, 0, resolution, resolution);
        Assert.Equal(File.ReadAllBytes(Path.Combine(Golden, expectedFile)), back.Data);
    }

    [Fact]
    public void Decode_TruncatedJpeg_ReturnsTheDecodersReason()
    {
        var jpeg = Rgb24Encoder.EncodeJpeg(new byte[32 * 32 * 3], 32, 32, 90);

        var image = ImagePreparation.Decode(jpeg.AsSpan(0, jpeg.Length - 40), ImageDecodeLimits.Default, out var error);

        Assert.Null(image);
        Assert.Contains("incomplete", error, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Decode_OverThePixelLimit_IsRefusedAsABomb()
    {
        var png = Rgb24Encoder.EncodePng(new byte[20 * 10 * 3], 20, 10);

        Assert.Null(ImagePreparation.Decode(png, new ImageDecodeLimits { MaxDecodedPixels = 199 }, out var error));
        Assert.Contains("decompression bomb", error, StringComparison.Ordinal);
    }

    [Fact]
    public void ToPixels_MapsMinusOneToZeroAndOneTo255_ChannelsFirstToInterleaved()
    {
        // (3, 1, 2): R plane [-1, 1], G plane [0, 1], B plane [1, -1]; values beyond [-1, 1] clip.
        float[] tensor = [-1f, 1f, 0f, 1.5f, 1f, -3f];

        var pixels = ImagePreparation.ToPixels(tensor, 0, 1, 2);

        Assert.Equal((2, 1), (pixels.Width, pixels.Height));
        Assert.Equal([0, 128, 255, 255, 255, 0], pixels.Data);
    }
}
