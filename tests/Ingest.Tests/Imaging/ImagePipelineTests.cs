using DataForge.Core.Imaging;
using DataForge.Core.Shards;
using DataForge.Ingest.Imaging;
using DataForge.Ingest.Tests.Infrastructure;
using DataForge.TestUtils;
using SkiaSharp;

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
        var reference = Thumbnail(File.ReadAllBytes(Path.Combine(TestPhotos.Exif, $"{set}_1.jpg")));
        for (var orientation = 0; orientation <= 8; orientation++)
        {
            // When
            var outcome = pipeline.Process(File.ReadAllBytes(Path.Combine(TestPhotos.Exif, $"{set}_{orientation}.jpg")), null, HashAlgorithmKind.Sha256);

            // Then the stored image has the displayed size and the same pixels as the upright reference
            Assert.Equal(RowStatus.Success, outcome.Status);
            Assert.Equal((width, height), (outcome.Width, outcome.Height));
            Assert.Equal((width, height), (outcome.OriginalWidth, outcome.OriginalHeight));
            Assert.Equal(orientation, outcome.Orientation);
            Assert.True(MeanAbsoluteDifference(reference, Thumbnail(outcome.Image!)) < 6, $"{set}_{orientation} is not upright");
            using var stored = UntrustedImageDecoder.ReadHeader(outcome.Image!, ImageDecodeLimits.Default);
            Assert.Equal("png", stored.Header!.Format);
            Assert.Null(stored.Header.Orientation); // no EXIF left to rotate it a second time
        }
    }

    [SharedDataFact]
    public void Process_OrientationNotApplied_KeepsTheStoredLayoutAndReportsTheTag()
    {
        // Landscape_6.jpg is stored 1200x1800 and displayed 1800x1200 (EXIF 6)
        var pipeline = new ImagePipeline(new ImageOptions { ResizeMode = ImageResizeMode.KeepRatioLargest, ImageSize = 256, ApplyExifOrientation = false });

        var outcome = pipeline.Process(File.ReadAllBytes(Path.Combine(TestPhotos.Exif, "Landscape_6.jpg")), null, HashAlgorithmKind.Sha256);

        Assert.Equal((1200, 1800), (outcome.OriginalWidth, outcome.OriginalHeight));
        Assert.Equal((171, 256), (outcome.Width, outcome.Height));
        Assert.Equal(6, outcome.Orientation);
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
        using var stored = SKBitmap.Decode(outcome.Image!);
        Assert.Equal((width, height), (stored.Width, stored.Height));
    }

    [SharedDataTheory]
    [InlineData(ResizeInterpolation.Nearest)]
    [InlineData(ResizeInterpolation.Linear)]
    [InlineData(ResizeInterpolation.Cubic)]
    [InlineData(ResizeInterpolation.Area)]
    [InlineData(ResizeInterpolation.Lanczos)]
    public void Process_EveryInterpolation_ShrinksAndEnlargesToThePicture(ResizeInterpolation interpolation)
    {
        // Given a photo shrunk (1800 → 256, after a 1/4 DCT-scaled decode) and one enlarged (123x456 → 256 tall)
        var options = new ImageOptions { ResizeMode = ImageResizeMode.KeepRatioLargest, DownscaleInterpolation = interpolation, UpscaleInterpolation = interpolation, EncodeFormat = ImageEncodeFormat.Png };
        var pipeline = new ImagePipeline(options);
        var truck = File.ReadAllBytes(Path.Combine(TestPhotos.Sam, "truck.jpg"));

        var shrunk = pipeline.Process(truck, null, HashAlgorithmKind.Sha256);
        var enlarged = pipeline.Process(File.ReadAllBytes(Path.Combine(TestPhotos.Small, "123_456.jpg")), null, HashAlgorithmKind.Sha256);

        // Then both have the planned size, and the shrunk one looks like the full-size photo (block means agree)
        Assert.Equal((256, 171), (shrunk.Width, shrunk.Height));
        Assert.Equal((69, 256), (enlarged.Width, enlarged.Height));
        Assert.True(MeanAbsoluteDifference(Thumbnail(truck), Thumbnail(shrunk.Image!)) < 4, $"{interpolation} changed the picture");
    }

    [SharedDataFact]
    public void Process_BorderMode_PadsWithWhite()
    {
        var pipeline = new ImagePipeline(new ImageOptions { ResizeMode = ImageResizeMode.Border, ImageSize = 256, EncodeFormat = ImageEncodeFormat.Png });

        var outcome = pipeline.Process(File.ReadAllBytes(Path.Combine(TestPhotos.Small, "456_123.jpg")), null, HashAlgorithmKind.Sha256);

        using var image = SKBitmap.Decode(outcome.Image!);
        Assert.Equal(SKColors.White, image.GetPixel(128, 2));
        Assert.Equal(SKColors.White, image.GetPixel(128, 253));
        Assert.NotEqual(SKColors.White, image.GetPixel(128, 128));
    }

    [SharedDataFact]
    public void Process_NothingToChangeAndSameFormat_KeepsTheOriginalBytes()
    {
        var original = File.ReadAllBytes(Path.Combine(TestPhotos.Small, "456_123.jpg"));
        var keep = new ImagePipeline(new ImageOptions { ResizeMode = ImageResizeMode.No });
        var reencode = new ImagePipeline(new ImageOptions { ResizeMode = ImageResizeMode.No, SkipReencode = false });
        var toPng = new ImagePipeline(new ImageOptions { ResizeMode = ImageResizeMode.No, EncodeFormat = ImageEncodeFormat.Png });
        var toWebp = new ImagePipeline(new ImageOptions { ResizeMode = ImageResizeMode.No, EncodeFormat = ImageEncodeFormat.Webp, EncodeQuality = 80 });

        Assert.Same(original, keep.Process(original, null, HashAlgorithmKind.Sha256).Image);
        Assert.NotEqual(original, reencode.Process(original, null, HashAlgorithmKind.Sha256).Image);
        Assert.Equal(SKEncodedImageFormat.Png, FormatOf(toPng.Process(original, null, HashAlgorithmKind.Sha256).Image!));
        Assert.Equal(SKEncodedImageFormat.Webp, FormatOf(toWebp.Process(original, null, HashAlgorithmKind.Sha256).Image!));
    }

    [Fact]
    public void Process_TransparentPaletteAndGrayscaleImages_AreFlattenedOnWhite()
    {
        // Given a transparent red RGBA PNG, a palette PNG and a grayscale PNG, written byte by byte
        var transparent = PngBytes.Solid(32, 32, 6, [255, 0, 0, 0]);
        var grayscale = PngBytes.Solid(32, 32, 0, [100]);
        var indexed = PngBytes.Solid(32, 32, 3, [0], palette: [0, 0, 255]);
        var pipeline = new ImagePipeline(new ImageOptions { ResizeMode = ImageResizeMode.No, EncodeFormat = ImageEncodeFormat.Png });

        // Then a fully transparent pixel becomes white, and the others keep their colour
        Assert.Equal(new SKColor(255, 255, 255), Pixel(pipeline, transparent));
        Assert.Equal(new SKColor(100, 100, 100), Pixel(pipeline, grayscale));
        Assert.Equal(new SKColor(0, 0, 255), Pixel(pipeline, indexed));
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

    [Fact]
    public void Process_GifWithEightFramesOnA10000Canvas_IsAFailedRowWithTheBudgetMessage()
    {
        var pipeline = new ImagePipeline(new ImageOptions());

        var outcome = pipeline.Process(GifBytes.ManyFramesOnCanvas(10_000, 10_000, 8), null, HashAlgorithmKind.Sha256);

        Assert.Equal(RowStatus.FailedToResize, outcome.Status);
        Assert.Equal($"decompression bomb refused: header says 10000x10000 x 8 frames = 800000000 pixels, above the limit of {IngestConstants.DefaultMaxDecodedPixels}", outcome.ErrorMessage);
        Assert.Null(outcome.Image);
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

    [SharedDataTheory]
    [InlineData("small/524_316.jpg")] // progressive: libjpeg alone would fill in the missing refinement scans
    [InlineData("sam/truck.jpg")] // shrunk by a scaled decode: the truncation must still be noticed
    public void Process_HalfTruncatedJpeg_IsFailedToResizeNotAGreyHalf(string file)
    {
        var bytes = File.ReadAllBytes(Path.Combine([TestPhotos.Photos, .. file.Split('/')]));
        var pipeline = new ImagePipeline(new ImageOptions());

        var outcome = pipeline.Process(bytes[..(bytes.Length / 2)], null, HashAlgorithmKind.Sha256);

        Assert.Equal(RowStatus.FailedToResize, outcome.Status);
        Assert.StartsWith("Image decoding error: incomplete image data", outcome.ErrorMessage, StringComparison.Ordinal);
        Assert.Null(outcome.Image);
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
    public void Process_ExifTags_AreStoredAsJsonStrings()
    {
        // small/321_421.jpg's tags (as PIL lists them): Orientation 1, ResolutionUnit 2, PixelXDimension 321, ...
        var outcome = new ImagePipeline(new ImageOptions()).Process(File.ReadAllBytes(Path.Combine(TestPhotos.Small, "321_421.jpg")), null, HashAlgorithmKind.Sha256);

        var tags = System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, string>>(outcome.Exif!)!;
        Assert.Equal("1", tags["Orientation"]);
        Assert.Equal("2", tags["ResolutionUnit"]);
        Assert.Equal("321", tags["PixelXDimension"]);
        Assert.Equal("421", tags["PixelYDimension"]);
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

    private static SKColor Pixel(ImagePipeline pipeline, byte[] bytes)
    {
        var outcome = pipeline.Process(bytes, null, HashAlgorithmKind.Sha256);
        Assert.Equal(RowStatus.Success, outcome.Status);
        using var image = SKBitmap.Decode(outcome.Image!);
        return image.GetPixel(5, 5);
    }

    private static SKEncodedImageFormat FormatOf(byte[] bytes)
    {
        using var codec = SKCodec.Create(new SKMemoryStream(bytes));
        return codec.EncodedFormat;
    }

    /// <summary>24×24 block means of the luma of an encoded image, decoded as stored (no EXIF applied).</summary>
    private static double[] Thumbnail(byte[] bytes)
    {
        using var image = SKBitmap.Decode(bytes);
        var sums = new double[24 * 24];
        var counts = new int[24 * 24];
        var pixels = image.Pixels;
        for (var y = 0; y < image.Height; y++)
        {
            for (var x = 0; x < image.Width; x++)
            {
                var p = pixels[(y * image.Width) + x];
                var cell = ((y * 24 / image.Height) * 24) + (x * 24 / image.Width);
                sums[cell] += (0.299 * p.Red) + (0.587 * p.Green) + (0.114 * p.Blue);
                counts[cell]++;
            }
        }

        return sums.Select((s, i) => s / counts[i]).ToArray();
    }

    private static double MeanAbsoluteDifference(double[] a, double[] b) => a.Zip(b, (x, y) => Math.Abs(x - y)).Average();
}
