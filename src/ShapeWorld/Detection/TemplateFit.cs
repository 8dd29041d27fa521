namespace DataForge.ShapeWorld.Detection;

/// <summary>
/// The best placement of one shape template over a region's observed coverage: searched over every shape and size,
/// at half-pixel steps around the region's centroid and then quarter-pixel steps around the best of each.
/// </summary>
internal sealed class TemplateFit
{
    // How far from the centroid-aligned position the coarse search looks, in pixels: a partly hidden object's
    // visible centroid is off its true one.
    private const double Reach = 2.0;

    private const int N = ShapeWorldScene.ImageSize;

    // In a split search, coverage the region has beyond the outline costs this much per unit (the other object's
    // pixels): small, so a larger outline that fits is preferred over a smaller one inside it, but not zero.
    private const double ExcessWeight = 0.25;

    private TemplateFit(ShapeTemplate template, int cornerX, int cornerY, double missing, double excess, double support) =>
        (Template, CornerX, CornerY, MissingError, ExcessError, Support) = (template, cornerX, cornerY, missing, excess, support);

    /// <summary>Gets the fitted template.</summary>
    public ShapeTemplate Template { get; }

    /// <summary>Gets the pixel corner the template's origin is placed at.</summary>
    public int CornerX { get; }

    /// <summary>Gets the pixel corner, vertically.</summary>
    public int CornerY { get; }

    /// <summary>Gets the mean absolute coverage error per pixel of template area.</summary>
    public double Error => MissingError + ExcessError;

    /// <summary>Gets the fraction of the outline's area observed as covered (pixels of other objects count as not observed).</summary>
    public double Support { get; }

    /// <summary>Gets the part of <see cref="Error"/> where the outline has more coverage than observed.</summary>
    public double MissingError { get; }

    /// <summary>Gets the part of <see cref="Error"/> where the observed coverage exceeds the outline's.</summary>
    public double ExcessError { get; }

    /// <summary>Gets the fitted centre in pixel units.</summary>
    public double CenterX => CornerX + ((double)Template.PhaseX / ShapeTemplate.Phases);

    /// <summary>Gets the fitted centre in pixel units, vertically.</summary>
    public double CenterY => CornerY + ((double)Template.PhaseY / ShapeTemplate.Phases);

    /// <summary>Finds the best fit.</summary>
    /// <param name="observed">Observed coverage of the region's colour per pixel; NaN where unknown (other objects).</param>
    /// <param name="region">The region's pixel indices.</param>
    /// <returns>The best fit.</returns>
    public static TemplateFit Best(float[] observed, IReadOnlyList<int> region)
    {
        double mass = 0, sx = 0, sy = 0;
        foreach (var p in region)
        {
            var (x, y, m) = (p % N, p / N, observed[p]);
            if (!float.IsNaN(m))
            {
                (mass, sx, sy) = (mass + m, sx + (m * (x + 0.5)), sy + (m * (y + 0.5)));
            }
        }

        var (x0, y0, x1, y1) = Box(region);

        var (gx, gy) = mass > 0 ? (sx / mass, sy / mass) : ((x0 + x1 + 1) / 2.0, (y0 + y1 + 1) / 2.0);
        TemplateFit? best = null;
        foreach (var shape in Enum.GetValues<ShapeKind>())
        {
            foreach (var size in (ReadOnlySpan<ShapeSize>)[ShapeSize.Small, ShapeSize.Large])
            {
                var reference = ShapeTemplate.Of(shape, size);
                var (cx, cy) = (gx - reference.CentroidX, gy - reference.CentroidY);
                var own = Around(null, Better, observed, shape, size, cx, cy, Reach, 0.5, (x0, y0, x1, y1));
                own = Around(own, Better, observed, shape, size, own.CenterX, own.CenterY, 0.25, 0.25, (x0, y0, x1, y1));
                best = Better(best, own);
            }
        }

        return best!;
    }

    /// <summary>
    /// Finds the outline that lies inside a region and covers most of it, searched at every second pixel of the
    /// region's box: for a region that is two touching objects, whose centroid lies between them.
    /// </summary>
    /// <param name="observed">Observed coverage per pixel; NaN where unknown.</param>
    /// <param name="region">The region's pixel indices.</param>
    /// <returns>The fit minimising missing coverage plus a quarter of excess coverage.</returns>
    public static TemplateFit Inside(float[] observed, IReadOnlyList<int> region)
    {
        var (x0, y0, x1, y1) = Box(region);
        TemplateFit? best = null;
        foreach (var shape in Enum.GetValues<ShapeKind>())
        {
            foreach (var size in (ReadOnlySpan<ShapeSize>)[ShapeSize.Small, ShapeSize.Large])
            {
                TemplateFit? own = null;
                // Over the region's whole box, not only its pixels: a ring's centre lies in its hole.
                for (var y = y0; y <= y1; y += 2)
                {
                    for (var x = x0; x <= x1; x += 2)
                    {
                        own = Inner(own, Place(observed, shape, size, x + 0.5, y + 0.5, x0, y0, x1, y1));
                    }
                }

                // The grid above is two pixels coarse; a thin outline (a ring's band) needs its position to a quarter pixel.
                own = Around(own, Inner, observed, shape, size, own!.CenterX, own.CenterY, 1.0, 0.25, (x0, y0, x1, y1));
                best = Inner(best, own);
            }
        }

        return best!;
    }

    /// <summary>The fitted template's coverage at an image pixel.</summary>
    /// <param name="pixel">Row-major pixel index.</param>
    /// <returns>The coverage, 0 outside the template.</returns>
    public float CoverageAt(int pixel)
    {
        var tx = (pixel % N) - CornerX - Template.OffsetX;
        var ty = (pixel / N) - CornerY - Template.OffsetY;
        return tx >= 0 && tx < Template.Width && ty >= 0 && ty < Template.Height ? Template.Coverage[(ty * Template.Width) + tx] : 0f;
    }

    private static (int X0, int Y0, int X1, int Y1) Box(IReadOnlyList<int> region)
    {
        int x0 = N, y0 = N, x1 = 0, y1 = 0;
        foreach (var p in region)
        {
            (x0, y0, x1, y1) = (Math.Min(x0, p % N), Math.Min(y0, p / N), Math.Max(x1, p % N), Math.Max(y1, p / N));
        }

        return (x0, y0, x1, y1);
    }

    private static TemplateFit Around(
        TemplateFit? own, Func<TemplateFit?, TemplateFit, TemplateFit> keep, float[] observed, ShapeKind shape, ShapeSize size,
        double cx, double cy, double reach, double step, (int X0, int Y0, int X1, int Y1) box)
    {
        for (var dy = -reach; dy <= reach; dy += step)
        {
            for (var dx = -reach; dx <= reach; dx += step)
            {
                own = keep(own, Place(observed, shape, size, cx + dx, cy + dy, box.X0, box.Y0, box.X1, box.Y1));
            }
        }

        return own!;
    }

    private static TemplateFit Inner(TemplateFit? a, TemplateFit b) =>
        a is null || b.MissingError + (ExcessWeight * b.ExcessError) < a.MissingError + (ExcessWeight * a.ExcessError) ? b : a;

    private static TemplateFit Better(TemplateFit? a, TemplateFit b) => a is null || b.Error < a.Error ? b : a;

    private static TemplateFit Place(float[] observed, ShapeKind shape, ShapeSize size, double cx, double cy, int rx0, int ry0, int rx1, int ry1)
    {
        var template = ShapeTemplate.At(shape, size, cx, cy, out var cornerX, out var cornerY);
        var (tx0, ty0) = (cornerX + template.OffsetX, cornerY + template.OffsetY);

        // Over the union of the region's box and the template's, one pixel wider: missing and extra coverage both count.
        var wx0 = Math.Max(0, Math.Min(rx0, tx0) - 1);
        var wy0 = Math.Max(0, Math.Min(ry0, ty0) - 1);
        var wx1 = Math.Min(N - 1, Math.Max(rx1, tx0 + template.Width - 1) + 1);
        var wy1 = Math.Min(N - 1, Math.Max(ry1, ty0 + template.Height - 1) + 1);
        double missing = 0, excess = 0, support = 0;
        for (var y = wy0; y <= wy1; y++)
        {
            var ty = y - ty0;
            var inRows = ty >= 0 && ty < template.Height;
            for (var x = wx0; x <= wx1; x++)
            {
                var m = observed[(y * N) + x];
                if (float.IsNaN(m))
                {
                    continue;
                }

                var tx = x - tx0;
                var t = inRows && tx >= 0 && tx < template.Width ? template.Coverage[(ty * template.Width) + tx] : 0f;
                support += Math.Min(m, t);
                if (t > m)
                {
                    missing += t - m;
                }
                else
                {
                    excess += m - t;
                }
            }
        }

        return new TemplateFit(template, cornerX, cornerY, missing / template.Area, excess / template.Area, support / template.Area);
    }
}
