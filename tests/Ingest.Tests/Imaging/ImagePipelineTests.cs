using DataForge.Core.Shards;
using DataForge.Ingest.Imaging;
using DataForge.Ingest.Tests.Infrastructure;
using DataForge.TestUtils;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace DataForge.Ingest.Tests.Imaging;

public sealed class ImagePipelineTests
{
    [SharedDataTheory]
    [InlineData("Landscape", 1800, 1200)]
    [InlineData("Portrait", 1200, 1800)]
    public void Process_ExifOrientations0To8_ComeOutUprightAtTheDisplayedSize(string set, int width, int height)
    {
        // Given the nine files of one photo, stored with EXIF orientations 0..8 (some stored rotated)
        var pipeline = new ImagePipeline(new ImageOptions { ResizeMode = ImageResizeMode.No, EncodeFormat = ImageEncodeFormat.Png, EncodeQuality = 1 });
        using var reference = Thumbnail(File.ReadAllBytes(Path.Combine(TestPhotos.Exif, $"{set}_1.jpg")));
        for (var orientation = 0; orientation <= 8; orientation++)
        {
            // When
            var outcome = pipeline.Process(File.ReadAllBytes(Path.Combine(TestPhotos.Exif, $"{set}_{orientation}.jpg")), null, HashAlgorithmKind.Sha256);

            // Then the stored image has the displayed size and the same pixels as the upright reference
            Assert.Equal(RowStatus.Success, outcome.Status);
            Assert.Equal((width, height), (outcome.Width, outcome.Height));
            Assert.Equal((width, height), (outcome.OriginalWidth, outcome.OriginalHeight));
            Assert.Equal(orientation, outcome.Orientation);
            using var stored = Thumbnail(outcome.Image!);
            Assert.True(MeanAbsoluteDifference(reference, stored) < 6, $"{set}_{orientation} is not upright");
            Assert.NotNull(Image.Identify(outcome.Image!));
            Assert.Null(Image.Identify(outcome.Image!).Metadata.ExifProfile?.GetValue(SixLabors.ImageSharp.Metadata.Profiles.Exif.ExifTag.Orientation));
        }
    }

    [SharedDataTheory]
    // Hand-computed from the W_H names: keep_ratio scales the short side to 256, keep_ratio_largest the long one.
    [InlineData("456_123.jpg", ImageResizeMode.KeepRatio, false, 949, 256)]
    [InlineData("456_123.jpg", ImageResizeMode.KeepRatioLargest, false, 256, 69)]
    [InlineData("456_123.jpg", ImageResizeMode.CenterCrop, false, 256, 256)]
    [InlineData("456_123.jpg", ImageResizeMode.Border, false, 256, 256)]
    [InlineData("456_123.jpg", ImageResizeMode.No, false, 456, 123)]
    [InlineData("208_495.jpg", ImageResizeMode.KeepRatio, false, 256, 609)]
    [InlineData("208_495.jpg", ImageResizeMode.KeepRatioLargest, false, 108, 256)]
    [InlineData("208_495.jpg", ImageResizeMode.KeepRatio, true, 208, 495)]
    [InlineData("208_495.jpg", ImageResizeMode.KeepRatioLargest, true, 108, 256)]
    [InlineData("123_456.jpg", ImageResizeMode.Border, true, 256, 256)]
    [InlineData("123_456.jpg", ImageResizeMode.CenterCrop, true, 123, 256)]
    public void Process_ResizeModes_GiveTheExpectedSizes(string file, ImageResizeMode mode, bool onlyIfBigger, int width, int height)
    {
        var pipeline = new ImagePipeline(new ImageOptions { ResizeMode = mode, ResizeOnlyIfBigger = onlyIfBigger, ImageSize = 256 });

        var outcome = pipeline.Process(File.ReadAllBytes(Path.Combine(TestPhotos.Small, file)), null, HashAlgorithmKind.Sha256);

        Assert.Equal(RowStatus.Success, outcome.Status);
        Assert.Equal((width, height), (outcome.Width, outcome.Height));
        var stored = Image.Identify(outcome.Image!);
        Assert.Equal((width, height), (stored.Width, stored.Height));
    }

    [SharedDataFact]
    public void Process_BorderMode_PadsWithWhite()
    {
        var pipeline = new ImagePipeline(new ImageOptions { ResizeMode = ImageResizeMode.Border, ImageSize = 256, EncodeFormat = ImageEncodeFormat.Png });

        var outcome = pipeline.Process(File.ReadAllBytes(Path.Combine(TestPhotos.Small, "456_123.jpg")), null, HashAlgorithmKind.Sha256);

        using var image = Image.Load<Rgb24>(outcome.Image!);
        Assert.Equal(new Rgb24(255, 255, 255), image[128, 2]);
        Assert.Equal(new Rgb24(255, 255, 255), image[128, 253]);
    }

    [SharedDataFact]
    public void Process_NothingToChangeAndSameFormat_KeepsTheOriginalBytes()
    {
        var original = File.ReadAllBytes(Path.Combine(TestPhotos.Small, "456_123.jpg"));
        var keep = new ImagePipeline(new ImageOptions { ResizeMode = ImageResizeMode.No });
        var reencode = new ImagePipeline(new ImageOptions { ResizeMode = ImageResizeMode.No, SkipReencode = false });
        var toPng = new ImagePipeline(new ImageOptions { ResizeMode = ImageResizeMode.No, EncodeFormat = ImageEncodeFormat.Png });

        Assert.Same(original, keep.Process(original, null, HashAlgorithmKind.Sha256).Image);
        Assert.NotEqual(original, reencode.Process(original, null, HashAlgorithmKind.Sha256).Image);
        Assert.Equal(PngFormat.Instance, Image.DetectFormat(toPng.Process(original, null, HashAlgorithmKind.Sha256).Image!));
    }

    [Fact]
    public void Process_TransparentPaletteAndGrayscaleImages_AreFlattenedOnWhite()
    {
        // Given a half-transparent red RGBA PNG, a palette PNG and a grayscale PNG, built here
        using var rgba = new Image<Rgba32>(32, 32, new Rgba32(255, 0, 0, 0));
        var transparent = Encode(rgba, new PngEncoder { ColorType = PngColorType.RgbWithAlpha });
        using var gray = new Image<L8>(32, 32, new L8(100));
        var grayscale = Encode(gray, new PngEncoder { ColorType = PngColorType.Grayscale });
        using var palette = new Image<Rgb24>(32, 32, new Rgb24(0, 0, 255));
        var indexed = Encode(palette, new PngEncoder { ColorType = PngColorType.Palette });
        var pipeline = new ImagePipeline(new ImageOptions { ResizeMode = ImageResizeMode.No, EncodeFormat = ImageEncodeFormat.Png });

        // Then a fully transparent pixel becomes white, and the others keep their colour
        Assert.Equal(new Rgb24(255, 255, 255), Pixel(pipeline, transparent));
        Assert.Equal(new Rgb24(100, 100, 100), Pixel(pipeline, grayscale));
        Assert.Equal(new Rgb24(0, 0, 255), Pixel(pipeline, indexed));
    }

    [Fact]
    public void Process_BadBytes_BecomeRowErrors()
    {
        var pipeline = new ImagePipeline(new ImageOptions());

        var bomb = pipeline.Process(TestPhotos.PngClaiming(100_000, 100_000), null, HashAlgorithmKind.Sha256);
        var unknown = pipeline.Process("not an image"u8.ToArray(), null, HashAlgorithmKind.Sha256);

        Assert.Equal(RowStatus.FailedToResize, bomb.Status);
        Assert.StartsWith("decompression bomb refused", bomb.ErrorMessage, StringComparison.Ordinal);
        Assert.Equal("Image decoding error: unknown image format", unknown.ErrorMessage);
        Assert.NotNull(unknown.Sha256);
    }

    [SharedDataFact]
    public void Process_TruncatedJpeg_IsARowErrorOrAValidImage_NeverAnException()
    {
        var bytes = File.ReadAllBytes(Path.Combine(TestPhotos.Small, "524_316.jpg"));
        var pipeline = new ImagePipeline(new ImageOptions());

        var outcome = pipeline.Process(bytes[..200], null, HashAlgorithmKind.Sha256);

        Assert.Equal(RowStatus.FailedToResize, outcome.Status);
        Assert.StartsWith("Image decoding error", outcome.ErrorMessage, StringComparison.Ordinal);
    }

    [SharedDataFact]
    public void Process_Filters_MarkRowsFilteredWithTheReason()
    {
        var bytes = File.ReadAllBytes(Path.Combine(TestPhotos.Small, "456_123.jpg"));

        Assert.Equal("image too small", new ImagePipeline(new ImageOptions { MinImageSize = 124 }).Process(bytes, null, HashAlgorithmKind.Sha256).ErrorMessage);
        Assert.Equal("aspect ratio too large", new ImagePipeline(new ImageOptions { MaxAspectRatio = 3 }).Process(bytes, null, HashAlgorithmKind.Sha256).ErrorMessage);
        Assert.Equal("image area too large", new ImagePipeline(new ImageOptions { MaxImageArea = 456 * 123 - 1 }).Process(bytes, null, HashAlgorithmKind.Sha256).ErrorMessage);
        var kept = new ImagePipeline(new ImageOptions { MinImageSize = 123, MaxAspectRatio = 3.8, MaxImageArea = 456 * 123 }).Process(bytes, null, HashAlgorithmKind.Sha256);
        Assert.Equal(RowStatus.Success, kept.Status);
        Assert.Equal(RowStatus.Filtered, new ImagePipeline(new ImageOptions { MinImageSize = 124 }).Process(bytes, null, HashAlgorithmKind.Sha256).Status);
    }

    [SharedDataFact]
    public void Process_SampleImageHashes_OneMatchesAndOneDoesNot()
    {
        // sample_image.parquet's correct sha256 is that of photos/small/389_535.png (img2dataset's original.png)
        var rows = DuckDb.Query($"SELECT sha256hash FROM read_parquet('{DuckDb.Escape(Path.Combine(TestPhotos.Laion, "sample_image.parquet"))}')");
        var bytes = File.ReadAllBytes(Path.Combine(TestPhotos.Small, "389_535.png"));
        var pipeline = new ImagePipeline(new ImageOptions());

        var outcomes = rows.Select(r => pipeline.Process(bytes, (string)r[0]!, HashAlgorithmKind.Sha256)).ToList();

        Assert.Equal([RowStatus.FailedToDownload, RowStatus.Success], outcomes.Select(o => o.Status).Order(StringComparer.Ordinal));
        Assert.Contains(outcomes, o => o.ErrorMessage == "hash mismatch");
    }

    private static Rgb24 Pixel(ImagePipeline pipeline, byte[] bytes)
    {
        var outcome = pipeline.Process(bytes, null, HashAlgorithmKind.Sha256);
        Assert.Equal(RowStatus.Success, outcome.Status);
        using var image = Image.Load<Rgb24>(outcome.Image!);
        return image[5, 5];
    }

    private static byte[] Encode<T>(Image<T> image, PngEncoder encoder)
        where T : unmanaged, IPixel<T>
    {
        using var stream = new MemoryStream();
        image.Save(stream, encoder);
        return stream.ToArray();
    }

    private static Image<L8> Thumbnail(byte[] bytes)
    {
        // Decoded without applying EXIF: the reference (orientation 1) is already upright.
        var image = Image.Load<L8>(bytes);
        image.Mutate(x => x.Resize(24, 24));
        return image;
    }

    private static double MeanAbsoluteDifference(Image<L8> a, Image<L8> b)
    {
        double sum = 0;
        for (var y = 0; y < 24; y++)
        {
            for (var x = 0; x < 24; x++)
            {
                sum += Math.Abs(a[x, y].PackedValue - b[x, y].PackedValue);
            }
        }

        return sum / (24 * 24);
    }
}
