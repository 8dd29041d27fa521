using DataForge.Ingest.Imaging;
using DataForge.Ingest.Tests.Infrastructure;
using DataForge.TestUtils;
using SkiaSharp;

namespace DataForge.Ingest.Tests.Imaging;

public sealed class PerceptualHashTests
{
    [SharedDataFact]
    public void NearDuplicateIndex_VideoFramesAreCaught_OtherPhotosAreNot()
    {
        // Given the index with default limits, fed the other photos first, then the ten bedroom frames in order
        var index = new DataForge.Ingest.Dedup.NearDuplicateIndex(IngestConstants.DefaultNearDuplicateDistance, IngestConstants.DefaultNearDuplicateColorDistance);
        var others = Directory.EnumerateFiles(TestPhotos.Small, "*.jpg")
            .Concat(Directory.EnumerateFiles(TestPhotos.Sam))
            .Concat(Directory.EnumerateFiles(SharedData.Path("photos", "llava")))
            .Append(Path.Combine(TestPhotos.Exif, "Landscape_1.jpg"))
            .Append(Path.Combine(TestPhotos.Exif, "Portrait_1.jpg"))
            .Order(StringComparer.Ordinal);
        var frames = Directory.EnumerateFiles(TestPhotos.NearDup).Order(StringComparer.Ordinal).ToList();

        // Then no other photo matches an earlier one, the first frame is new, and the nine later frames are caught
        foreach (var photo in others)
        {
            var (hash, colors) = Hash(photo);
            Assert.Null(index.FindAndAdd(hash, colors, photo));
        }

        var matches = frames.Select(f => { var (hash, colors) = Hash(f); return index.FindAndAdd(hash, colors, f); }).ToList();
        Assert.Null(matches[0]);
        Assert.All(matches.Skip(1), m => Assert.StartsWith(TestPhotos.NearDup, m!.Value.Key, StringComparison.Ordinal));
    }

    [SharedDataFact]
    public void Compute_ReencodedAndResizedCopy_StaysClose()
    {
        using var image = SKBitmap.Decode(Path.Combine(TestPhotos.Sam, "truck.jpg")).Copy(SKColorType.Rgba8888);
        var original = PerceptualHash.Compute(image);
        using var smaller = SkiaResize.Scale(image, 300, 200, SkiaResize.Sampling(ResizeInterpolation.Linear));

        Assert.InRange(PerceptualHash.Distance(original, PerceptualHash.Compute(smaller)), 0, 4);
    }

    [Fact]
    public void AreaLuma32_SolidAndSplitImages_AverageEachCell()
    {
        // A 64x40 image, left half black, right half white: each 2-wide cell is all one colour; luma 0 or 255
        using var bitmap = new SKBitmap(new SKImageInfo(64, 40, SKColorType.Rgba8888, SKAlphaType.Opaque));
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Clear(SKColors.Black);
            canvas.DrawRect(new SKRect(32, 0, 64, 40), new SKPaint { Color = SKColors.White });
        }

        var luma = PerceptualHash.AreaLuma32(bitmap);

        Assert.Equal(0, luma[(5 * 32) + 15], 6);
        Assert.Equal(255, luma[(5 * 32) + 16], 6);
        Assert.Equal(255, luma[(31 * 32) + 31], 6);
    }

    [Fact]
    public void FromLuma_FlatAndGradientImages_GiveKnownBits()
    {
        // A horizontal ramp: only horizontal frequencies are non-zero, so the hash is not trivially 0 or all ones.
        var ramp = new double[32 * 32];
        for (var i = 0; i < ramp.Length; i++)
        {
            ramp[i] = (i % 32) * 8;
        }

        var hash = PerceptualHash.FromLuma(ramp);
        var inverted = PerceptualHash.FromLuma(ramp.Select(v => 255 - v).ToArray());

        Assert.NotEqual(0, hash);
        Assert.NotEqual(hash, inverted);
        Assert.Equal(0, PerceptualHash.Distance(hash, hash));
        Assert.Equal(64, PerceptualHash.Distance(0, -1));
    }

    /// <summary>As the pipeline sees a photo at the default size: decoded upright, shrunk to 256 wide by area.</summary>
    private static (long Hash, byte[] Colors) Hash(string path)
    {
        using var result = DataForge.Core.Imaging.UntrustedImageDecoder.Decode(File.ReadAllBytes(path), DataForge.Core.Imaging.ImageDecodeLimits.Default);
        var image = result.Image!.Bitmap;
        var height = (int)Math.Round(256.0 * image.Height / image.Width);
        using var scaled = SkiaResize.Scale(image, 256, height, SkiaResize.Sampling(ResizeInterpolation.Area));
        return (PerceptualHash.Compute(scaled), ColorSignature.Compute(scaled));
    }
}
