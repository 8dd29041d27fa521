using DataForge.Trainer.Data;

namespace DataForge.Trainer.Tests.Data;

public sealed class AspectRatioBucketsTests
{
    [Theory]
    [InlineData(1024, 1024, 1024)]
    [InlineData(512, 512, 512)]
    [InlineData(256, 256, 256)]
    public void SquareBucket_IsTheBaseResolution(int resolution, int h, int w)
    {
        var square = Assert.Single(AspectRatioBuckets.ForResolution(resolution).Buckets, b => b.Ratio == 1.0);
        Assert.Equal((h, w), (square.Height, square.Width));
    }

    [Fact]
    public void Tables_Have40BucketsWithin1024SquaredPixelBudget_AndExactHalvesAndQuarters()
    {
        var t1024 = AspectRatioBuckets.ForResolution(1024).Buckets;
        var t512 = AspectRatioBuckets.ForResolution(512).Buckets;
        var t256 = AspectRatioBuckets.ForResolution(256).Buckets;
        Assert.Equal(40, t1024.Count);
        Assert.All(t1024, b => Assert.InRange(b.Height * b.Width, 946_176, 1_048_576));
        Assert.All(t1024, b => Assert.True(b.Height % 64 == 0 && b.Width % 64 == 0));
        for (var i = 0; i < 40; i++)
        {
            Assert.Equal((t1024[i].Height / 2, t1024[i].Width / 2), (t512[i].Height, t512[i].Width));
            Assert.Equal((t1024[i].Height / 4, t1024[i].Width / 4), (t256[i].Height, t256[i].Width));
        }
    }

    [Theory]
    [InlineData(1200, 1800, 0.68, 832, 1216)] // 0.667 → nearest key 0.68
    [InlineData(1800, 1200, 1.46, 1216, 832)] // 1.5 → 1.46 (|0.04|) beats 1.67
    [InlineData(534, 800, 0.68, 832, 1216)]
    [InlineData(1500, 2060, 0.72, 832, 1152)] // SA-1B's sa_1: 0.728
    public void Nearest_PicksClosestKey(int h, int w, double key, int bh, int bw)
    {
        var bucket = AspectRatioBuckets.ForResolution(1024).Nearest(h, w)!;
        Assert.Equal((key, bh, bw), (bucket.Ratio, bucket.Height, bucket.Width));
    }

    [Fact]
    public void Nearest_BeyondOneToFour_IsDropped() =>
        Assert.Null(AspectRatioBuckets.ForResolution(256).Nearest(100, 401));

    [Fact]
    public void BatchSampler_EachBatchFromOneBucket_DeterministicPerEpoch()
    {
        var buckets = Enumerable.Range(0, 100).Select(i => i % 3 == 0 ? -1 : i % 4).ToArray();
        var sampler = new BucketBatchSampler(buckets, batchSize: 5, seed: 9);
        var epoch = sampler.Epoch(0).ToList();
        Assert.All(epoch, batch => Assert.Single(batch.Select(i => buckets[i]).Distinct()));
        Assert.All(epoch, batch => Assert.Equal(5, batch.Count));
        Assert.DoesNotContain(epoch.SelectMany(b => b), i => buckets[i] < 0);
        Assert.Equal(epoch.SelectMany(b => b), sampler.Epoch(0).SelectMany(b => b));
        Assert.NotEqual(epoch.SelectMany(b => b), sampler.Epoch(1).SelectMany(b => b));
        Assert.Equal(epoch.SelectMany(b => b).Count(), epoch.SelectMany(b => b).Distinct().Count());
    }
}
