using DataForge.Core.Imaging;

namespace DataForge.Trainer.Sampling;

/// <summary>Lays equally sized samples out in a near-square grid on white, row by row.</summary>
public static class SampleGrid
{
    /// <summary>Composes the grid: ⌈√n⌉ columns, as many rows as needed, unused cells white.</summary>
    /// <param name="tiles">The samples, all the same size.</param>
    /// <returns>The grid pixels.</returns>
    /// <exception cref="ArgumentException">No tiles, or tiles of different sizes.</exception>
    public static RgbPixels Compose(IReadOnlyList<RgbPixels> tiles)
    {
        ArgumentNullException.ThrowIfNull(tiles);
        if (tiles.Count == 0)
        {
            throw new ArgumentException("a grid needs at least one sample", nameof(tiles));
        }

        var (width, height) = (tiles[0].Width, tiles[0].Height);
        if (tiles.Any(t => t.Width != width || t.Height != height))
        {
            throw new ArgumentException("all samples of a grid must have the same size", nameof(tiles));
        }

        var columns = (int)Math.Ceiling(Math.Sqrt(tiles.Count));
        var rows = (int)Math.Ceiling(tiles.Count / (double)columns);
        var (gridWidth, gridHeight) = (columns * width, rows * height);
        var grid = new byte[gridWidth * gridHeight * 3];
        Array.Fill(grid, (byte)255);
        for (var b = 0; b < tiles.Count; b++)
        {
            var (left, top) = (b % columns * width, b / columns * height);
            for (var y = 0; y < height; y++)
            {
                tiles[b].Data.AsSpan(y * width * 3, width * 3).CopyTo(grid.AsSpan((((top + y) * gridWidth) + left) * 3));
            }
        }

        return new RgbPixels(gridWidth, gridHeight, grid);
    }
}
