namespace DataForge.Trainer.Sampling;

/// <summary>
/// Where <see cref="SampleGrid"/> puts each sample: ⌈√n⌉ columns, row by row, a white gutter around every tile and, when
/// the grid is captioned, a band under each tile for its prompt.
/// </summary>
/// <param name="Columns">Tiles per row.</param>
/// <param name="Rows">Rows of tiles.</param>
/// <param name="TileWidth">Width of one sample in pixels.</param>
/// <param name="TileHeight">Height of one sample in pixels.</param>
/// <param name="Gutter">White pixels between tiles and around the edge.</param>
/// <param name="FontSize">Caption text size in pixels (0 when uncaptioned).</param>
/// <param name="CaptionHeight">Height of the caption band under each tile (0 when uncaptioned).</param>
public sealed record SampleGridLayout(int Columns, int Rows, int TileWidth, int TileHeight, int Gutter, float FontSize, int CaptionHeight)
{
    /// <summary>Lines of prompt text under a tile; longer prompts end in an ellipsis.</summary>
    public const int CaptionLines = 2;

    /// <summary>Gets the grid's width in pixels.</summary>
    public int Width => (Columns * TileWidth) + ((Columns + 1) * Gutter);

    /// <summary>Gets the grid's height in pixels.</summary>
    public int Height => (Rows * (TileHeight + CaptionHeight)) + ((Rows + 1) * Gutter);

    /// <summary>Gets the height of one caption line in pixels.</summary>
    public int LineHeight => CaptionHeight == 0 ? 0 : (CaptionHeight - (Gutter / 2)) / CaptionLines;

    /// <summary>Lays out <paramref name="count"/> tiles of one size.</summary>
    /// <param name="count">Samples; at least 1.</param>
    /// <param name="tileWidth">Sample width in pixels.</param>
    /// <param name="tileHeight">Sample height in pixels.</param>
    /// <param name="captioned">Whether a prompt goes under each tile.</param>
    /// <returns>The layout.</returns>
    public static SampleGridLayout For(int count, int tileWidth, int tileHeight, bool captioned)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var columns = (int)Math.Ceiling(Math.Sqrt(count));
        var rows = (int)Math.Ceiling(count / (double)columns);
        // Gutters and text scale with the tile so a 64 px smoke-test grid and a 1024 px grid both stay readable.
        var gutter = Math.Max(4, tileWidth / 16);
        if (!captioned)
        {
            return new SampleGridLayout(columns, rows, tileWidth, tileHeight, gutter, 0, 0);
        }

        var fontSize = Math.Clamp(tileWidth / 8f, 9f, 16f);
        var lineHeight = (int)Math.Ceiling(fontSize * 1.3f);
        return new SampleGridLayout(columns, rows, tileWidth, tileHeight, gutter, fontSize, (CaptionLines * lineHeight) + (gutter / 2));
    }

    /// <summary>The top-left pixel of tile <paramref name="index"/>; its caption band starts right under it.</summary>
    /// <param name="index">The tile, row by row.</param>
    /// <returns>Left and top in pixels.</returns>
    public (int Left, int Top) TileOrigin(int index) =>
        (Gutter + (index % Columns * (TileWidth + Gutter)), Gutter + (index / Columns * (TileHeight + CaptionHeight + Gutter)));
}
