namespace DataForge.ShapeWorld.Detection;

/// <summary>
/// Finds an image's background colour row by row. Every background the world paints depends on the row only (plain,
/// vertical gradient, sky over ground), so the fit tries each of those layouts over the known background palette,
/// keeps the one most pixels agree with, and then replaces each row's predicted colour by the mean of the pixels that
/// agree with it: a sampled image whose background is near, but not exactly, a palette colour still gets its own.
/// </summary>
internal static class BackgroundFit
{
    // Pixels closer than this (RGB Euclidean) to the predicted row colour count as agreeing with a layout.
    private const int AgreeDistance = 40;
    private const int AgreeSquared = AgreeDistance * AgreeDistance;

    // A row whose agreeing pixels are fewer than this keeps the palette prediction instead of their mean.
    private const int MinRowSupport = 6;

    /// <summary>Fits the background.</summary>
    /// <param name="rgb">Row-major RGB24 pixels of an <paramref name="n"/>×<paramref name="n"/> image.</param>
    /// <param name="n">The image side.</param>
    /// <param name="agreement">The fraction of pixels that agree with the best layout: low when the image has no
    /// shape-world background at all.</param>
    /// <returns>Each row's background colour, <c>3·n</c> values (R, G, B per row).</returns>
    public static float[] RowColors(ReadOnlySpan<byte> rgb, int n, out double agreement)
    {
        var palette = ShapePalette.BackgroundColors.Select(c => new[] { (float)c.R, c.G, c.B }).ToArray();
        var k = palette.Length;

        // agree[y, i]: pixels of row y near palette colour i; plain and sky/ground layouts are sums of these.
        var agree = new int[n, k];
        for (var y = 0; y < n; y++)
        {
            for (var i = 0; i < k; i++)
            {
                agree[y, i] = RowAgreement(rgb, n, y, palette[i]);
            }
        }

        var best = -1;
        float[]? bestRows = null;
        for (var a = 0; a < k; a++)
        {
            var plain = Sum(agree, a, 0, n);
            if (plain > best)
            {
                (best, bestRows) = (plain, Rows(n, _ => palette[a]));
            }
        }

        for (var a = 0; a < k; a++)
        {
            for (var b = 0; b < k; b++)
            {
                if (a == b)
                {
                    continue;
                }

                // The renderer's gradient runs from the top edge to the bottom edge, so row y's centre is at (y + ½)/n.
                var (top, bottom) = (palette[a], palette[b]);
                var gradient = 0;
                for (var y = 0; y < n; y++)
                {
                    gradient += RowAgreement(rgb, n, y, Mix(top, bottom, (y + 0.5f) / n));
                }

                if (gradient > best)
                {
                    (best, bestRows) = (gradient, Rows(n, y => Mix(top, bottom, (y + 0.5f) / n)));
                }

                // Sky over ground: rows above r are sky, rows below ground, row r is a blend (the horizon falls inside it).
                for (var r = 0; r < n; r++)
                {
                    foreach (var sky in (ReadOnlySpan<float>)[0f, 0.25f, 0.5f, 0.75f])
                    {
                        var blend = Mix(bottom, top, sky);
                        var bands = Sum(agree, a, 0, r) + RowAgreement(rgb, n, r, blend) + Sum(agree, b, r + 1, n);
                        if (bands > best)
                        {
                            var (row, cut) = (r, blend);
                            (best, bestRows) = (bands, Rows(n, y => y < row ? top : y > row ? bottom : cut));
                        }
                    }
                }
            }
        }

        agreement = (double)best / (n * n);
        return Refine(rgb, n, bestRows!);
    }

    private static float[] Refine(ReadOnlySpan<byte> rgb, int n, float[] rows)
    {
        var refined = (float[])rows.Clone();
        for (var y = 0; y < n; y++)
        {
            var (count, r, g, b) = (0, 0f, 0f, 0f);
            for (var x = 0; x < n; x++)
            {
                var p = ((y * n) + x) * 3;
                if (Distance2(rgb, p, rows, y * 3) < AgreeSquared)
                {
                    (count, r, g, b) = (count + 1, r + rgb[p], g + rgb[p + 1], b + rgb[p + 2]);
                }
            }

            if (count >= MinRowSupport)
            {
                (refined[y * 3], refined[(y * 3) + 1], refined[(y * 3) + 2]) = (r / count, g / count, b / count);
            }
        }

        return refined;
    }

    private static int RowAgreement(ReadOnlySpan<byte> rgb, int n, int y, float[] color)
    {
        var count = 0;
        for (var x = 0; x < n; x++)
        {
            if (Distance2(rgb, ((y * n) + x) * 3, color, 0) < AgreeSquared)
            {
                count++;
            }
        }

        return count;
    }

    private static float Distance2(ReadOnlySpan<byte> rgb, int p, float[] color, int c)
    {
        float dr = rgb[p] - color[c], dg = rgb[p + 1] - color[c + 1], db = rgb[p + 2] - color[c + 2];
        return (dr * dr) + (dg * dg) + (db * db);
    }

    private static int Sum(int[,] agree, int color, int from, int to)
    {
        var sum = 0;
        for (var y = from; y < to; y++)
        {
            sum += agree[y, color];
        }

        return sum;
    }

    private static float[] Mix(float[] from, float[] to, float t) =>
        [from[0] + ((to[0] - from[0]) * t), from[1] + ((to[1] - from[1]) * t), from[2] + ((to[2] - from[2]) * t)];

    private static float[] Rows(int n, Func<int, float[]> color)
    {
        var rows = new float[n * 3];
        for (var y = 0; y < n; y++)
        {
            color(y).CopyTo(rows, y * 3);
        }

        return rows;
    }
}
