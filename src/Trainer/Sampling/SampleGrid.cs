using System.Runtime.InteropServices;
using DataForge.Core.Imaging;
using SkiaSharp;

namespace DataForge.Trainer.Sampling;

/// <summary>Lays equally sized samples out in a near-square grid on white (<see cref="SampleGridLayout"/>), each prompt under its image.</summary>
public static class SampleGrid
{
    /// <summary>Composes the grid: ⌈√n⌉ columns, row by row, gutters between tiles, unused cells white.</summary>
    /// <param name="tiles">The samples, all the same size.</param>
    /// <param name="captions">One prompt per tile drawn under it, or <see langword="null"/> for no captions.</param>
    /// <returns>The grid pixels.</returns>
    /// <exception cref="ArgumentException">No tiles, tiles of different sizes, or a caption count that is not the tile count.</exception>
    public static RgbPixels Compose(IReadOnlyList<RgbPixels> tiles, IReadOnlyList<string>? captions = null)
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

        if (captions is not null && captions.Count != tiles.Count)
        {
            throw new ArgumentException($"{captions.Count} captions for {tiles.Count} samples", nameof(captions));
        }

        var layout = SampleGridLayout.For(tiles.Count, width, height, captions is not null);
        var grid = new byte[layout.Width * layout.Height * 3];
        Array.Fill(grid, (byte)255);
        for (var b = 0; b < tiles.Count; b++)
        {
            var (left, top) = layout.TileOrigin(b);
            for (var y = 0; y < height; y++)
            {
                tiles[b].Data.AsSpan(y * width * 3, width * 3).CopyTo(grid.AsSpan((((top + y) * layout.Width) + left) * 3));
            }
        }

        if (captions is not null)
        {
            DrawCaptions(grid, layout, captions);
        }

        return new RgbPixels(layout.Width, layout.Height, grid);
    }

    /// <summary>Breaks a prompt into at most <paramref name="maxLines"/> lines no wider than <paramref name="maxWidth"/>, word by word; an ellipsis ends a cut prompt.</summary>
    /// <param name="text">The prompt.</param>
    /// <param name="maxWidth">Line width in the units of <paramref name="measure"/>.</param>
    /// <param name="measure">Width of a piece of text.</param>
    /// <param name="maxLines">Most lines.</param>
    /// <returns>The lines.</returns>
    public static IReadOnlyList<string> Wrap(string text, float maxWidth, Func<string, float> measure, int maxLines = SampleGridLayout.CaptionLines)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(measure);
        var lines = new List<string>();
        var current = "";
        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = current.Length == 0 ? word : $"{current} {word}";
            if (current.Length > 0 && measure(candidate) > maxWidth)
            {
                lines.Add(current);
                candidate = word;
            }

            current = candidate;
        }

        if (current.Length > 0)
        {
            lines.Add(current);
        }

        if (lines.Count <= maxLines && lines.All(l => measure(l) <= maxWidth))
        {
            return lines;
        }

        lines = lines.Take(maxLines).ToList();
        var last = lines[^1];
        while (last.Length > 0 && measure(last + "…") > maxWidth)
        {
            last = last[..^1];
        }

        lines[^1] = last.TrimEnd() + "…";
        return lines;
    }

    private static void DrawCaptions(byte[] grid, SampleGridLayout layout, IReadOnlyList<string> captions)
    {
        using var typeface = Typeface();
        if (typeface is null)
        {
            // No font on this host: the grid keeps its empty bands; samples/index.json still names every prompt.
            return;
        }

        using var bitmap = new SKBitmap(new SKImageInfo(layout.Width, layout.Height, SKColorType.Rgba8888, SKAlphaType.Opaque));
        var rgba = new byte[layout.Width * layout.Height * 4];
        for (var p = 0; p < layout.Width * layout.Height; p++)
        {
            (rgba[p * 4], rgba[(p * 4) + 1], rgba[(p * 4) + 2], rgba[(p * 4) + 3]) = (grid[p * 3], grid[(p * 3) + 1], grid[(p * 3) + 2], 255);
        }

        Marshal.Copy(rgba, 0, bitmap.GetPixels(), rgba.Length);
        using (var canvas = new SKCanvas(bitmap))
        using (var font = new SKFont(typeface, layout.FontSize))
        using (var paint = new SKPaint { Color = SKColors.Black, IsAntialias = true })
        {
            for (var b = 0; b < captions.Count; b++)
            {
                var (left, top) = layout.TileOrigin(b);
                var lines = Wrap(captions[b], layout.TileWidth, s => font.MeasureText(s));
                for (var l = 0; l < lines.Count; l++)
                {
                    var baseline = top + layout.TileHeight + (layout.Gutter / 2) + ((l + 1) * layout.LineHeight) - (layout.LineHeight * 0.25f);
                    canvas.DrawText(lines[l], left, baseline, SKTextAlign.Left, font, paint);
                }
            }
        }

        Marshal.Copy(bitmap.GetPixels(), rgba, 0, rgba.Length);
        for (var p = 0; p < layout.Width * layout.Height; p++)
        {
            (grid[p * 3], grid[(p * 3) + 1], grid[(p * 3) + 2]) = (rgba[p * 4], rgba[(p * 4) + 1], rgba[(p * 4) + 2]);
        }
    }

    private static SKTypeface? Typeface()
    {
        if (SkiaFonts.HasDefaultFont)
        {
            return SKTypeface.FromFamilyName(null);
        }

        return SkiaFonts.FindSansFontFile() is { } file ? SKTypeface.FromFile(file) : null;
    }
}
