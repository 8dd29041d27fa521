using DataForge.Ingest.Imaging;
using DataForge.Ingest.Tests.Infrastructure;
using DataForge.TestUtils;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace DataForge.Ingest.Tests.Imaging;

public sealed class PerceptualHashTests
{
    private static readonly Configuration Config = Configuration.Default;

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
        using var image = Image.Load<Rgb24>(Path.Combine(TestPhotos.Sam, "truck.jpg"));
        var original = PerceptualHash.Compute(image, Config);
        using var smaller = SixLabors.ImageSharp.Processing.ProcessingExtensions.Clone(image, x => SixLabors.ImageSharp.Processing.ResizeExtensions.Resize(x, 300, 200));

        Assert.InRange(PerceptualHash.Distance(original, PerceptualHash.Compute(smaller, Config)), 0, 4);
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

    private static (long Hash, byte[] Colors) Hash(string path)
    {
        using var image = Image.Load<Rgb24>(path);
        SixLabors.ImageSharp.Processing.ProcessingExtensions.Mutate(image, x => SixLabors.ImageSharp.Processing.ResizeExtensions.Resize(x, 256, 0));
        return (PerceptualHash.Compute(image, Config), ColorSignature.Compute(image));
    }
}
