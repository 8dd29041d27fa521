using System.Runtime;
using DataForge.Core.Native;

namespace DataForge.Core.Tests.Native;

// The region is process-wide, so these tests must not run beside each other.
[Collection(nameof(GcQuietRegionTests))]
public sealed class GcQuietRegionTests
{
    [Fact]
    public void Enter_HoldsCollectionsOff_UntilDisposed()
    {
        using (GcQuietRegion.Enter())
        {
            Assert.Equal(GCLatencyMode.NoGCRegion, GCSettings.LatencyMode);
            var before = GC.CollectionCount(0); // entering collects once to reserve the budget; none after that
            var garbage = new List<byte[]>();
            for (var i = 0; i < 1000; i++)
            {
                garbage.Add(new byte[1024]); // 1 MB in all: well inside the budget
            }

            Assert.Equal(before, GC.CollectionCount(0));
            Assert.Equal(1000, garbage.Count);
        }

        Assert.NotEqual(GCLatencyMode.NoGCRegion, GCSettings.LatencyMode);
    }

    [Fact]
    public void NestedEnter_LeavesTheOuterRegionRunning_AndEndsOnlyWithIt()
    {
        var outer = GcQuietRegion.Enter();
        using (GcQuietRegion.Enter())
        {
            Assert.Equal(GCLatencyMode.NoGCRegion, GCSettings.LatencyMode);
        }

        Assert.Equal(GCLatencyMode.NoGCRegion, GCSettings.LatencyMode);
        outer.Dispose();
        Assert.NotEqual(GCLatencyMode.NoGCRegion, GCSettings.LatencyMode);
        outer.Dispose(); // twice: no throw
    }

    [Fact]
    public void BudgetUsedUp_RegionEndsEarly_AndDisposeDoesNotThrow()
    {
        var region = GcQuietRegion.Enter(1024 * 1024);
        var garbage = new List<byte[]>();
        for (var i = 0; i < 64; i++)
        {
            garbage.Add(new byte[1024 * 1024]); // 64 MB against a 1 MB budget: the runtime ends the region
        }

        Assert.NotEqual(GCLatencyMode.NoGCRegion, GCSettings.LatencyMode);
        region.Dispose();
        Assert.Equal(64, garbage.Count);
    }
}
