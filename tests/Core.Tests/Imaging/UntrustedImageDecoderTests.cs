using System.Text.Json;
using DataForge.Core.Imaging;
using DataForge.TestUtils;

namespace DataForge.Core.Tests.Imaging;

public sealed class UntrustedImageDecoderTests
{
    private static readonly ImageDecodeLimits Limits = ImageDecodeLimits.Default;

    [SharedDataTheory]
    [InlineData("Landscape", 1800, 1200)]
    [InlineData("Portrait", 1200, 1800)]
    public void Decode_ExifOrientations0To8_ComeOutUprightAtTheDisplayedSize(string set, int width, int height)
    {
        // Given the nine files of one photo stored with EXIF orientations 0..8 (5..8 stored turned by 90°)
        using var reference = Decode(SharedPhotos.Read("exif", $"{set}_1.jpg"));
        var expected = Thumbnail(reference);
        for (var orientation = 0; orientation <= 8; orientation++)
        {
            // When each is decoded
            using var image = Decode(SharedPhotos.Read("exif", $"{set}_{orientation}.jpg"));

            // Then it has the displayed size, reports its stored orientation, and shows the upright picture
            Assert.Equal((width, height), (image.Width, image.Height));
            Assert.Equal((width, height), (image.OriginalWidth, image.OriginalHeight));
            Assert.Equal(orientation, image.Header.Orientation);
            var difference = MeanAbsoluteDifference(expected, Thumbnail(image));
            Assert.True(difference < 6, $"{set}_{orientation} is not upright: mean difference {difference:F1} to {set}_1");
        }
    }

    [SharedDataTheory]
    // Hand-computed: libjpeg's k/8 scale gives ceil(side·k/8); the smallest k whose size covers the target wins.
    [InlineData("small/524_316.jpg", 131, 79, 131, 79)] // k = 2 exactly covers it
    [InlineData("small/524_316.jpg", 132, 79, 197, 119)] // one pixel more needs k = 3
    [InlineData("small/524_316.jpg", 600, 400, 524, 316)] // an enlargement decodes at full size
    [InlineData("sam/truck.jpg", 256, 171, 450, 300)] // 1800x1200 bound for 256: k = 2, never full size
    [InlineData("exif/Landscape_6.jpg", 400, 150, 450, 300)] // stored 1200x1800: the target turns with the picture (675x450 if it did not)
    [InlineData("small/389_535.png", 100, 100, 389, 535)] // PNG has no scaled decode
    public void Decode_TargetSize_PicksTheSmallestScaleThatCoversIt(string file, int targetWidth, int targetHeight, int width, int height)
    {
        using var result = UntrustedImageDecoder.Decode(SharedPhotos.Read(file.Split('/')), Limits, targetWidth, targetHeight);

        Assert.True(result.Succeeded, result.Error);
        Assert.Equal((width, height), (result.Image!.Width, result.Image.Height));
        Assert.True(result.Image.OriginalWidth >= width && result.Image.OriginalHeight >= height);
    }

    [SharedDataFact]
    public void Decode_OnlyAWidthTarget_ScalesByTheWidth()
    {
        using var result = UntrustedImageDecoder.Decode(SharedPhotos.Read("sam", "truck.jpg"), Limits, targetWidth: 256);

        Assert.Equal((450, 300), (result.Image!.Width, result.Image.Height));
        Assert.Equal((1800, 1200), (result.Image.OriginalWidth, result.Image.OriginalHeight));
    }

    [SharedDataTheory]
    [InlineData(null)]
    [InlineData(256)]
    public void Decode_HalfTruncatedJpeg_IsAFailureNotAGreyHalf(int? target)
    {
        var bytes = SharedPhotos.Read("sam", "truck.jpg");

        using var result = UntrustedImageDecoder.Decode(bytes.AsSpan(0, bytes.Length / 2), Limits, target, target);

        Assert.False(result.Succeeded);
        Assert.Equal(ImageDecodeFailure.IncompleteInput, result.Failure);
        Assert.Equal("incomplete image data", result.Error);
        Assert.Null(result.Image);
        Assert.Equal((1800, 1200), (result.Header!.Width, result.Header.Height));
    }

    [SharedDataFact]
    public void Decode_HalfTruncatedProgressiveJpeg_IsAFailureThoughLibjpegFillsItIn()
    {
        // small/524_316.jpg is progressive: its first half already holds coarse scans of the whole picture
        var bytes = SharedPhotos.Read("small", "524_316.jpg");

        using var whole = UntrustedImageDecoder.Decode(bytes, Limits);
        using var half = UntrustedImageDecoder.Decode(bytes.AsSpan(0, bytes.Length / 2), Limits);

        Assert.True(whole.Succeeded, whole.Error);
        Assert.Equal(ImageDecodeFailure.IncompleteInput, half.Failure);
        Assert.StartsWith("incomplete image data", half.Error, StringComparison.Ordinal);
    }

    [SharedDataFact]
    public void Decode_JpegCutInsideTheHeader_IsAFailure()
    {
        using var result = UntrustedImageDecoder.Decode(SharedPhotos.Read("small", "524_316.jpg").AsSpan(0, 200), Limits);

        Assert.Equal(ImageDecodeFailure.IncompleteInput, result.Failure);
        Assert.StartsWith("incomplete image data", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_HeaderAboveTheBudget_IsRefusedWithTheHeaderSize()
    {
        using var result = UntrustedImageDecoder.Decode(PngBytes.Claiming(100_000, 100_000), Limits);

        Assert.Equal(ImageDecodeFailure.TooManyPixels, result.Failure);
        Assert.Equal("decompression bomb refused: header says 100000x100000 = 10000000000 pixels, above the limit of 178956970", result.Error);
        Assert.Equal((100_000, 100_000), (result.Header!.Width, result.Header.Height));
    }

    [SharedDataFact]
    public void Decode_BudgetIsInclusive_OneMorePixelIsRefused()
    {
        var bytes = SharedPhotos.Read("small", "524_316.jpg");

        using var exact = UntrustedImageDecoder.Decode(bytes, new ImageDecodeLimits { MaxDecodedPixels = 524 * 316 });
        using var under = UntrustedImageDecoder.Decode(bytes, new ImageDecodeLimits { MaxDecodedPixels = (524 * 316) - 1 });
        using var tooBig = UntrustedImageDecoder.Decode(bytes, new ImageDecodeLimits { MaxEncodedBytes = bytes.Length - 1 });

        Assert.True(exact.Succeeded, exact.Error);
        Assert.Equal(ImageDecodeFailure.TooManyPixels, under.Failure);
        Assert.Equal(ImageDecodeFailure.EncodedTooLarge, tooBig.Failure);
        Assert.Equal($"encoded image of {bytes.Length} bytes is above the limit of {bytes.Length - 1} bytes", tooBig.Error);
    }

    [Fact]
    public void Decode_GifWithManyFramesOnAHugeCanvas_IsRefusedOverAllFramesWithoutDecoding()
    {
        // Given 8 frames on a 10000x10000 canvas: each frame alone (1e8 pixels) is inside the budget, all 8 are not
        var bomb = GifBytes.ManyFramesOnCanvas(10_000, 10_000, 8);
        var rssBefore = PeakRssBytes();

        // When
        using var result = UntrustedImageDecoder.Decode(bomb, Limits);

        // Then it is refused from the header, and the process never grew by a frame's 400 MB
        Assert.Equal(ImageDecodeFailure.TooManyPixels, result.Failure);
        Assert.Equal("decompression bomb refused: header says 10000x10000 x 8 frames = 800000000 pixels, above the limit of 178956970", result.Error);
        Assert.True(PeakRssBytes() - rssBefore < 200L << 20, $"peak RSS grew by {(PeakRssBytes() - rssBefore) >> 20} MB");
    }

    [Fact]
    public void Decode_SmallAnimatedGif_DecodesTheFirstFrameAndCountsTheFrames()
    {
        // The same builder on a small canvas: proves the bomb above is a valid GIF refused only for its size.
        using var result = UntrustedImageDecoder.Decode(GifBytes.ManyFramesOnCanvas(40, 30, 3), Limits);

        Assert.True(result.Succeeded, result.Error);
        Assert.Equal("gif", result.Header!.Format);
        Assert.Equal(3, result.Header.FrameCount);
        Assert.Equal((40, 30), (result.Image!.Width, result.Image.Height));
    }

    [Fact]
    public void Decode_AlphaPaletteAndGreyPngs_AreFlattenedOntoWhiteAsOpaqueRgb()
    {
        Assert.Equal((255, 255, 255), Pixel(PngBytes.Solid(8, 8, 6, [255, 0, 0, 0]))); // transparent red
        var half = Pixel(PngBytes.Solid(8, 8, 6, [255, 0, 0, 128])); // half-transparent red: 255·128/255 + 255·127/255
        Assert.Equal(255, half.R);
        Assert.InRange(half.G, 126, 128);
        Assert.InRange(half.B, 126, 128);
        Assert.Equal((100, 100, 100), Pixel(PngBytes.Solid(8, 8, 0, [100]))); // grey
        Assert.Equal((255, 255, 255), Pixel(PngBytes.Solid(8, 8, 4, [30, 0]))); // grey + alpha, transparent
        Assert.Equal((0, 0, 255), Pixel(PngBytes.Solid(8, 8, 3, [0], palette: [0, 0, 255]))); // palette
        Assert.Equal((255, 255, 255), Pixel(PngBytes.Solid(8, 8, 3, [0], palette: [0, 0, 255], transparency: [0]))); // palette + tRNS
        Assert.Equal((10, 20, 30), Pixel(PngBytes.Solid(8, 8, 2, [10, 20, 30]))); // plain RGB untouched
    }

    [Fact]
    public void Decode_HeaderReportsFormatAndAlpha()
    {
        using var rgba = UntrustedImageDecoder.ReadHeader(PngBytes.Solid(8, 8, 6, [1, 2, 3, 4]), Limits);
        using var rgb = UntrustedImageDecoder.ReadHeader(PngBytes.Solid(8, 8, 2, [1, 2, 3]), Limits);

        Assert.Equal(("png", true), (rgba.Header!.Format, rgba.Header.HasAlpha));
        Assert.Equal(("png", false), (rgb.Header!.Format, rgb.Header.HasAlpha));
        Assert.Null(rgba.Image);
    }

    [Fact]
    public void Decode_CmykAndGreyJpegs_MatchPil()
    {
        // Golden values: PIL's decode of the same files (Golden/make_golden.py). CMYK→RGB conversions differ by a
        // few levels between libraries (PIL is naive 255−C−K; Skia multiplies), hence the tolerance of 8.
        var cmyk = JsonSerializer.Deserialize<Dictionary<string, int[]>>(File.ReadAllText(Golden("cmyk.expected.json")))!;
        using var decoded = Decode(File.ReadAllBytes(Golden("cmyk.jpg")));
        var rgb = decoded.CopyRgb24();
        AssertClose(cmyk["left"], rgb, 4, 8, 8);
        AssertClose(cmyk["right"], rgb, 27, 8, 8);

        var grey = JsonSerializer.Deserialize<Dictionary<string, int>>(File.ReadAllText(Golden("gray.expected.json")))!["value"];
        using var gray = Decode(File.ReadAllBytes(Golden("gray.jpg")));
        AssertClose([grey, grey, grey], gray.CopyRgb24(), 8, 8, 1);
    }

    [Fact]
    public void Decode_PngWithEXifChunkOrientation6_IsTurnedUpright()
    {
        var tiff = TiffBytes.Build(little: true, [(0x0112, 3, 1, [6, 0, 0, 0])]);

        using var result = UntrustedImageDecoder.Decode(PngBytes.Solid(4, 2, 2, [9, 9, 9], exif: tiff), Limits);

        Assert.Equal(6, result.Header!.Orientation);
        Assert.Equal((2, 4), (result.Image!.Width, result.Image.Height));
        Assert.Equal(tiff, result.Header.RawExif);
    }

    [Fact]
    public void Decode_BytesThatAreNoImage_AreUnknownFormat()
    {
        using var text = UntrustedImageDecoder.Decode("not an image"u8, Limits);
        using var empty = UntrustedImageDecoder.Decode([], Limits);
        using var longText = UntrustedImageDecoder.Decode(System.Text.Encoding.ASCII.GetBytes(new string('x', 4000)), Limits);

        Assert.Equal((ImageDecodeFailure.UnknownFormat, "unknown image format"), (text.Failure, text.Error));
        Assert.Equal(ImageDecodeFailure.UnknownFormat, empty.Failure);
        Assert.Equal((ImageDecodeFailure.UnknownFormat, "unknown image format"), (longText.Failure, longText.Error));
    }

    [Fact]
    public void CopyRgb24_PacksRowsWithoutPadding()
    {
        using var result = UntrustedImageDecoder.Decode(PngBytes.Solid(3, 2, 2, [10, 20, 30]), Limits);

        var rgb = result.Image!.CopyRgb24();

        Assert.Equal((3, 2), (rgb.Width, rgb.Height));
        Assert.Equal(Enumerable.Repeat<byte[]>([10, 20, 30], 6).SelectMany(p => p), rgb.Data);
    }

    private static DecodedImage Decode(byte[] bytes)
    {
        var result = UntrustedImageDecoder.Decode(bytes, Limits);
        Assert.True(result.Succeeded, result.Error);
        return result.DetachImage()!;
    }

    private static (int R, int G, int B) Pixel(byte[] bytes)
    {
        using var image = Decode(bytes);
        var rgb = image.CopyRgb24();
        var i = ((rgb.Width * (rgb.Height / 2)) + (rgb.Width / 2)) * 3;
        return (rgb.Data[i], rgb.Data[i + 1], rgb.Data[i + 2]);
    }

    private static void AssertClose(int[] expected, RgbPixels rgb, int x, int y, int tolerance)
    {
        var i = ((y * rgb.Width) + x) * 3;
        for (var c = 0; c < 3; c++)
        {
            Assert.True(Math.Abs(expected[c] - rgb.Data[i + c]) <= tolerance, $"channel {c} at ({x},{y}): expected {expected[c]}, got {rgb.Data[i + c]}");
        }
    }

    private static string Golden(string name) => Path.Combine(AppContext.BaseDirectory, "Imaging", "Golden", name);

    /// <summary>24×24 block means of the luma, computed here rather than with the library under test.</summary>
    private static double[] Thumbnail(DecodedImage image)
    {
        var rgb = image.CopyRgb24();
        var sums = new double[24 * 24];
        var counts = new int[24 * 24];
        for (var y = 0; y < rgb.Height; y++)
        {
            for (var x = 0; x < rgb.Width; x++)
            {
                var i = ((y * rgb.Width) + x) * 3;
                var cell = ((y * 24 / rgb.Height) * 24) + (x * 24 / rgb.Width);
                sums[cell] += (0.299 * rgb.Data[i]) + (0.587 * rgb.Data[i + 1]) + (0.114 * rgb.Data[i + 2]);
                counts[cell]++;
            }
        }

        return sums.Select((s, i) => s / counts[i]).ToArray();
    }

    private static double MeanAbsoluteDifference(double[] a, double[] b) => a.Zip(b, (x, y) => Math.Abs(x - y)).Average();

    private static long PeakRssBytes()
    {
        var line = File.ReadLines("/proc/self/status").First(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) * 1024;
    }
}
