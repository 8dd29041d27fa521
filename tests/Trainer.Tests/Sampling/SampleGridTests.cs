using DataForge.Core.Imaging;
using DataForge.Trainer.Sampling;

namespace DataForge.Trainer.Tests.Sampling;

public sealed class SampleGridTests
{
    [Fact]
    public void Compose_ThreeTiles_TwoByTwoRowMajorWithGuttersAndTheLastCellWhite()
    {
        // Three 2x1 tiles: ceil(sqrt(3)) = 2 columns, 2 rows; the gutter is the 4 px minimum, so the grid is
        // 2·2 + 3·4 = 16 wide and 2·1 + 3·4 = 14 high, tiles at (4,4), (10,4), (4,9).
        var tiles = new[] { Solid(10), Solid(20), Solid(30) };

        var grid = SampleGrid.Compose(tiles);

        Assert.Equal((16, 14), (grid.Width, grid.Height));
        Assert.Equal((byte)10, Red(grid, 4, 4));
        Assert.Equal((byte)10, Red(grid, 5, 4));
        Assert.Equal((byte)20, Red(grid, 10, 4));
        Assert.Equal((byte)30, Red(grid, 4, 9));
        Assert.Equal((byte)255, Red(grid, 10, 9));
        Assert.Equal((byte)255, Red(grid, 6, 4)); // the gutter between the first two tiles
        Assert.Equal((byte)255, Red(grid, 4, 5)); // the gutter under the first tile
        Assert.Equal((2 * (10 + 20 + 30)) + (255 * ((16 * 14) - 6)), Enumerable.Range(0, 16 * 14).Sum(p => Red(grid, p % 16, p / 16)));
    }

    [Fact]
    public void Layout_Captioned64PxTiles_LeavesTwoTextLinesUnderEachTile()
    {
        // 64 px tiles: gutter 4, font 9 px (the minimum), line height ceil(9·1.3) = 12, band 2·12 + 4/2 = 26.
        var layout = SampleGridLayout.For(3, 64, 64, captioned: true);

        Assert.Equal((4, 9f, 12, 26), (layout.Gutter, layout.FontSize, layout.LineHeight, layout.CaptionHeight));
        Assert.Equal((140, 192), (layout.Width, layout.Height));
        Assert.Equal((72, 98), layout.TileOrigin(3));
    }

    [Fact]
    public void Compose_Captioned_PutsTheTilesAtTheLayoutsOriginsAndTextInTheBands()
    {
        var tiles = new[] { Solid64(10), Solid64(20), Solid64(30) };

        var grid = SampleGrid.Compose(tiles, ["a red house", "a blue boat on the sea", "a tree"]);

        var layout = SampleGridLayout.For(3, 64, 64, captioned: true);
        Assert.Equal((layout.Width, layout.Height), (grid.Width, grid.Height));
        for (var b = 0; b < 3; b++)
        {
            var (left, top) = layout.TileOrigin(b);
            Assert.Equal((byte)(10 * (b + 1)), Red(grid, left + 63, top + 63));
            Assert.Equal((byte)255, Red(grid, left + 64, top + 63));
        }

        if (SkiaFonts.HasDefaultFont || SkiaFonts.FindSansFontFile() is not null)
        {
            var (left0, top0) = layout.TileOrigin(0);
            var inked = Enumerable.Range(0, 64 * layout.CaptionHeight).Count(p => Red(grid, left0 + (p % 64), top0 + 64 + (p / 64)) < 128);
            Assert.True(inked > 10, $"only {inked} dark pixels in the first caption band");
        }
    }

    [Fact]
    public void Compose_CaptionCountNotTileCount_IsRefused() =>
        Assert.Throws<ArgumentException>(() => SampleGrid.Compose([Solid(1), Solid(2)], ["one prompt"]));

    [Fact]
    public void Wrap_LongPrompt_TwoLinesTheLastCutWithAnEllipsis()
    {
        // Width measured in characters: "a red" + " house" is 11 > 10, so the break falls after "red".
        Assert.Equal(["a red", "house by…"], SampleGrid.Wrap("a red house by the sea at night", 10, s => s.Length));
        Assert.Equal(["a tree"], SampleGrid.Wrap("a tree", 10, s => s.Length));
        Assert.Equal(["abcdefghi…"], SampleGrid.Wrap("abcdefghijklmno", 10, s => s.Length));
    }

    [Fact]
    public void Compose_TilesOfDifferentSizes_IsRefused()
    {
        Assert.Throws<ArgumentException>(() => SampleGrid.Compose([Solid(1), new RgbPixels(1, 1, new byte[3])]));
    }

    private static byte Red(RgbPixels grid, int x, int y) => grid.Data[((y * grid.Width) + x) * 3];

    private static RgbPixels Solid(byte value) => new(2, 1, Enumerable.Repeat(value, 2 * 1 * 3).ToArray());

    private static RgbPixels Solid64(byte value) => new(64, 64, Enumerable.Repeat(value, 64 * 64 * 3).ToArray());
}
