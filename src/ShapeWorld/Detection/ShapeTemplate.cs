namespace DataForge.ShapeWorld.Detection;

/// <summary>
/// One shape at one size, rendered by the world's own renderer with its centre at a quarter-pixel phase: the
/// coverage the detector expects such an object to leave in an image, cropped to where it is non-zero.
/// </summary>
internal sealed class ShapeTemplate
{
    /// <summary>Quarter-pixel phases per axis.</summary>
    public const int Phases = 4;

    private const int Origin = ShapeWorldScene.ImageSize / 2;

    private static readonly Lazy<ShapeTemplate[]> All = new(Build);

    private ShapeTemplate(ShapeKind shape, ShapeSize size, int phaseX, int phaseY)
    {
        const int n = ShapeWorldScene.ImageSize;
        (Shape, Size, PhaseX, PhaseY) = (shape, size, phaseX, phaseY);
        var coverage = ShapeRenderer.RenderCoverage(shape, size, (Origin + ((double)phaseX / Phases)) / n, (Origin + ((double)phaseY / Phases)) / n);
        int x0 = n, y0 = n, x1 = -1, y1 = -1;
        for (var i = 0; i < coverage.Length; i++)
        {
            if (coverage[i] > 0)
            {
                (x0, y0, x1, y1) = (Math.Min(x0, i % n), Math.Min(y0, i / n), Math.Max(x1, i % n), Math.Max(y1, i / n));
            }
        }

        (OffsetX, OffsetY, Width, Height) = (x0 - Origin, y0 - Origin, x1 - x0 + 1, y1 - y0 + 1);
        Coverage = new float[Width * Height];
        double sx = 0, sy = 0;
        for (var y = 0; y < Height; y++)
        {
            for (var x = 0; x < Width; x++)
            {
                var c = coverage[((y0 + y) * n) + x0 + x];
                Coverage[(y * Width) + x] = c;
                (Area, sx, sy) = (Area + c, sx + (c * (x0 + x + 0.5)), sy + (c * (y0 + y + 0.5)));
            }
        }

        // Where the coverage's centre of mass lies relative to the nominal centre (a triangle's or heart's is not at it).
        CentroidX = (sx / Area) - (Origin + ((double)phaseX / Phases));
        CentroidY = (sy / Area) - (Origin + ((double)phaseY / Phases));
    }

    /// <summary>Gets the shape.</summary>
    public ShapeKind Shape { get; }

    /// <summary>Gets the size.</summary>
    public ShapeSize Size { get; }

    /// <summary>Gets the horizontal phase: the centre lies <c>PhaseX/4</c> pixels right of a pixel corner.</summary>
    public int PhaseX { get; }

    /// <summary>Gets the vertical phase.</summary>
    public int PhaseY { get; }

    /// <summary>Gets the crop's left column relative to the pixel corner left of the centre.</summary>
    public int OffsetX { get; }

    /// <summary>Gets the crop's top row relative to the pixel corner above the centre.</summary>
    public int OffsetY { get; }

    /// <summary>Gets the crop's width.</summary>
    public int Width { get; }

    /// <summary>Gets the crop's height.</summary>
    public int Height { get; }

    /// <summary>Gets the coverage, row-major over the crop.</summary>
    public float[] Coverage { get; }

    /// <summary>Gets the total coverage in pixels.</summary>
    public double Area { get; }

    /// <summary>Gets the centroid's horizontal offset from the nominal centre, in pixels.</summary>
    public double CentroidX { get; }

    /// <summary>Gets the centroid's vertical offset from the nominal centre, in pixels.</summary>
    public double CentroidY { get; }

    /// <summary>Gets the template of a shape and size whose centre is nearest a point.</summary>
    /// <param name="shape">The shape.</param>
    /// <param name="size">The size.</param>
    /// <param name="centerX">Centre in pixel units (pixel <c>i</c> spans <c>[i, i+1)</c>).</param>
    /// <param name="centerY">Centre in pixel units.</param>
    /// <param name="cornerX">The pixel corner the template's origin maps to.</param>
    /// <param name="cornerY">The pixel corner, vertically.</param>
    /// <returns>The template.</returns>
    public static ShapeTemplate At(ShapeKind shape, ShapeSize size, double centerX, double centerY, out int cornerX, out int cornerY)
    {
        var qx = (int)Math.Round(centerX * Phases);
        var qy = (int)Math.Round(centerY * Phases);
        (cornerX, cornerY) = (Math.DivRem(qx, Phases, out var px), Math.DivRem(qy, Phases, out var py));
        if (px < 0)
        {
            (cornerX, px) = (cornerX - 1, px + Phases);
        }

        if (py < 0)
        {
            (cornerY, py) = (cornerY - 1, py + Phases);
        }

        return All.Value[Index(shape, size, px, py)];
    }

    /// <summary>Gets the phase-0 template of a shape and size (for its centroid offset and area).</summary>
    /// <param name="shape">The shape.</param>
    /// <param name="size">The size.</param>
    /// <returns>The template.</returns>
    public static ShapeTemplate Of(ShapeKind shape, ShapeSize size) => All.Value[Index(shape, size, 0, 0)];

    private static int Index(ShapeKind shape, ShapeSize size, int px, int py) => ((((int)shape * 2) + (int)size) * Phases * Phases) + (py * Phases) + px;

    private static ShapeTemplate[] Build()
    {
        var templates = new List<ShapeTemplate>();
        foreach (var shape in Enum.GetValues<ShapeKind>())
        {
            foreach (var size in (ReadOnlySpan<ShapeSize>)[ShapeSize.Small, ShapeSize.Large])
            {
                for (var py = 0; py < Phases; py++)
                {
                    for (var px = 0; px < Phases; px++)
                    {
                        templates.Add(new ShapeTemplate(shape, size, px, py));
                    }
                }
            }
        }

        return [.. templates];
    }
}
