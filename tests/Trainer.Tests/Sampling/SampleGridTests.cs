using DataForge.Core.Imaging;
using DataForge.Trainer.Sampling;

namespace DataForge.Trainer.Tests.Sampling;

public sealed class SampleGridTests
{
    [Fact]
    public void Compose_ThreeTiles_TwoByTwoRowMajorWithTheLastCellWhite()
    {
        // Three 2x1 tiles of solid colours: ceil(sqrt(3)) = 2 columns, 2 rows, so the grid is 4x2.
        var tiles = new[] { Solid(10), Solid(20), Solid(30) };

        var grid = SampleGrid.Compose(tiles);

        Assert.Equal((4, 2), (grid.Width, grid.Height));
        Assert.Equal(
            new byte[] { 10, 10, 20, 20, 30, 30, 255, 255 },
            Enumerable.Range(0, 8).Select(p => grid.Data[p * 3]).ToArray());
    }

    [Fact]
    public void Compose_TilesOfDifferentSizes_IsRefused()
    {
        Assert.Throws<ArgumentException>(() => SampleGrid.Compose([Solid(1), new RgbPixels(1, 1, new byte[3])]));
    }

    private static RgbPixels Solid(byte value) => new(2, 1, Enumerable.Repeat(value, 2 * 1 * 3).ToArray());
}
