using DataForge.Core.Imaging;

namespace DataForge.ShapeWorld.Detection;

/// <summary>
/// The analytic shape-world detector: no learned weights, only the world's own palette and outlines.
/// <list type="number">
/// <item>The background is fitted row by row against the background palette (<see cref="BackgroundFit"/>).</item>
/// <item>Each pixel is unmixed against its row's background: for every object colour, the coverage that best explains
/// the pixel as that colour blended over the background, and what is left unexplained. A pixel more than half
/// covered by its best colour takes that colour; anti-aliased edges and blur stay fractional instead of becoming a
/// wrong colour.</item>
/// <item>Pixels of one colour form regions (8-connected).</item>
/// <item>Each region is matched against every shape at both sizes, rendered by the world's renderer at quarter-pixel
/// positions around the region's centroid; the error is the coverage difference, skipping pixels another region
/// covers, so a partly hidden object is judged by what is visible of it. What a fitted outline leaves unexplained
/// (a second object of the same colour overlapping the first) is matched again.</item>
/// </list>
/// </summary>
/// <remarks>
/// Shapes never rotate in this world and the smallest is 11 pixels across, where corner counts and perimeters of a
/// binary mask are mostly quantisation noise; matching the known outlines uses every pixel, anti-aliasing included,
/// and yields the size and the exact centre at once.
/// </remarks>
public static class ShapeDetector
{
    /// <summary>Regions whose best fit is worse than this (mean coverage error per pixel of outline) are not objects:
    /// blended seams between two touching objects, or noise.</summary>
    public const double MaxFitError = 0.5;

    /// <summary>When splitting a region of touching same-coloured objects, an outline is accepted only when at most this
    /// much of it (per pixel of its area) is not observed.</summary>
    public const double MaxMissingError = 0.15;

    /// <summary>A fitted outline must be at least this fraction observed (covered by the region's colour) to be reported:
    /// objects mostly hidden behind others are not claimed (ground-truth scoring requires only objects at least half visible).</summary>
    public const double MinSupport = 0.4;

    /// <summary>Images where fewer pixels than this agree with any background the world paints hold no objects the
    /// detector reports. Objects cover at most about a third of a scene.</summary>
    public const double MinBackgroundFraction = 0.4;

    /// <summary>Regions with fewer pixels than this are not fitted.</summary>
    public const int MinPixels = 8;

    private const int N = ShapeWorldScene.ImageSize;
    private const int Background = -1;
    private const int Unexplained = -2;

    // A pixel farther than this from every "colour over background" blend is foreground of no palette colour.
    private const float MaxResidual = 45f;

    /// <summary>Detects the objects of a decoded image.</summary>
    /// <param name="rgb">Row-major RGB24 pixels of a 64×64 image.</param>
    /// <returns>The objects, in no particular order; none when under <see cref="MinBackgroundFraction"/> of the image
    /// looks like a shape-world background.</returns>
    /// <exception cref="ArgumentException">The pixels are not 64×64 RGB24.</exception>
    public static IReadOnlyList<DetectedObject> Detect(ReadOnlySpan<byte> rgb)
    {
        if (rgb.Length != N * N * 3)
        {
            throw new ArgumentException($"the detector reads {N}×{N} RGB24 images ({N * N * 3} bytes), got {rgb.Length} bytes", nameof(rgb));
        }

        var background = BackgroundFit.RowColors(rgb, N, out var agreement);
        if (agreement < MinBackgroundFraction)
        {
            // Not a shape-world picture (noise, an untrained model's blotches): every region would be surrounded by
            // other regions, and outlines fitted where nothing is known would "find" shapes in it.
            return [];
        }

        var palette = ShapePalette.Colors;
        var labels = Label(rgb, background, palette);
        var detections = new List<DetectedObject>();
        var seen = new bool[N * N];
        for (var start = 0; start < N * N; start++)
        {
            if (labels[start] < 0 || seen[start])
            {
                continue;
            }

            var region = Flood(labels, seen, start);
            if (region.Count >= MinPixels)
            {
                FitRegion(rgb, background, labels, palette[labels[start]], labels[start], region, detections);
            }
        }

        return detections;
    }

    /// <summary>Decodes an encoded image (PNG, JPEG, WebP) and detects its objects.</summary>
    /// <param name="encoded">The file's bytes.</param>
    /// <returns>The objects.</returns>
    /// <exception cref="InvalidDataException">The bytes are not a decodable image, or not 64×64.</exception>
    public static IReadOnlyList<DetectedObject> DetectEncoded(byte[] encoded)
    {
        using var result = UntrustedImageDecoder.Decode(encoded, ImageDecodeLimits.Default);
        var image = result.Image ?? throw new InvalidDataException($"not a decodable image: {result.Error}");
        if (image.Width != N || image.Height != N)
        {
            throw new InvalidDataException($"the detector reads {N}×{N} shape-world images, this one is {image.Width}×{image.Height}");
        }

        return Detect(image.CopyRgb24().Data);
    }

    private static int[] Label(ReadOnlySpan<byte> rgb, float[] background, IReadOnlyList<NamedColor> palette)
    {
        var labels = new int[N * N];
        for (var p = 0; p < N * N; p++)
        {
            var row = p / N * 3;
            var d = (rgb[p * 3] - background[row], rgb[(p * 3) + 1] - background[row + 1], rgb[(p * 3) + 2] - background[row + 2]);
            // The best explanation wins even when it covers under half the pixel: an edge of black over sand is
            // best explained as 45% black, and must not become a brown pixel because brown alone covers more of it.
            var (best, bestAlpha, bestResidual) = (Background, 0f, float.MaxValue);
            for (var k = 0; k < palette.Count; k++)
            {
                var (alpha, residual) = Unmix(d, palette[k], background, row);
                if (residual < bestResidual)
                {
                    (best, bestAlpha, bestResidual) = (k, alpha, residual);
                }
            }

            var distance = MathF.Sqrt((d.Item1 * d.Item1) + (d.Item2 * d.Item2) + (d.Item3 * d.Item3));
            labels[p] = bestResidual > MaxResidual ? (distance > MaxResidual ? Unexplained : Background) : bestAlpha >= 0.5f ? best : Background;
        }

        return labels;
    }

    /// <summary>The coverage (0–1) of a colour over the background that best explains a pixel, and the distance left.</summary>
    private static (float Alpha, float Residual) Unmix((float R, float G, float B) d, NamedColor color, float[] background, int row)
    {
        var (er, eg, eb) = (color.R - background[row], color.G - background[row + 1], color.B - background[row + 2]);
        var norm = (er * er) + (eg * eg) + (eb * eb);
        var alpha = norm < 1 ? 0 : Math.Clamp(((d.R * er) + (d.G * eg) + (d.B * eb)) / norm, 0f, 1f);
        var (rr, rg, rb) = (d.R - (alpha * er), d.G - (alpha * eg), d.B - (alpha * eb));
        return (alpha, MathF.Sqrt((rr * rr) + (rg * rg) + (rb * rb)));
    }

    private static List<int> Flood(int[] labels, bool[] seen, int start)
    {
        var region = new List<int> { start };
        seen[start] = true;
        for (var i = 0; i < region.Count; i++)
        {
            var (x, y) = (region[i] % N, region[i] / N);
            for (var dy = -1; dy <= 1; dy++)
            {
                for (var dx = -1; dx <= 1; dx++)
                {
                    var (nx, ny) = (x + dx, y + dy);
                    var q = (ny * N) + nx;
                    if (nx is >= 0 and < N && ny is >= 0 and < N && !seen[q] && labels[q] == labels[start])
                    {
                        seen[q] = true;
                        region.Add(q);
                    }
                }
            }
        }

        return region;
    }

    private static void FitRegion(ReadOnlySpan<byte> rgb, float[] background, int[] labels, NamedColor color, int colorIndex, List<int> region, List<DetectedObject> detections)
    {
        // Observed coverage of this colour: the region's pixels and background pixels (anti-aliased edges) count,
        // pixels of any other region are unknown (NaN): whatever this object has there is hidden or hides.
        var observed = new float[N * N];
        var inRegion = new bool[N * N];
        region.ForEach(p => inRegion[p] = true);
        for (var p = 0; p < N * N; p++)
        {
            var row = p / N * 3;
            var d = (rgb[p * 3] - background[row], rgb[(p * 3) + 1] - background[row + 1], rgb[(p * 3) + 2] - background[row + 2]);
            observed[p] = inRegion[p] || labels[p] == Background ? Unmix(d, color, background, row).Alpha : float.NaN;
        }

        var pending = new Queue<List<int>>([region]);
        while (pending.Count > 0 && detections.Count < 4 * ShapeWorldGenerator.MaxObjects)
        {
            var part = pending.Dequeue();
            var fit = TemplateFit.Best(observed, part);
            if (fit.Error > MaxFitError)
            {
                // Two touching objects of one colour make one region no single outline fits. Take the outline that
                // lies wholly inside the region (and covers most of it); the rest is fitted as its own region below.
                fit = TemplateFit.Inside(observed, part);
                if (fit.MissingError > MaxMissingError)
                {
                    continue;
                }
            }

            // Outside the region's own pixels nothing is known where other objects lie, and a small outline placed
            // mostly there would fit a sliver; an object must show itself.
            if (fit.Support < MinSupport)
            {
                continue;
            }

            detections.Add(new DetectedObject(fit.Template.Shape, color.Name, fit.Template.Size, fit.CenterX / N, fit.CenterY / N, part.Count, fit.Error));

            // Pixels this outline does not explain may be a second object of the same colour overlapping it; what it
            // does explain is hidden from that second fit.
            var rest = new List<int>();
            foreach (var p in part)
            {
                var t = fit.CoverageAt(p);
                if (observed[p] - t > 0.5f)
                {
                    rest.Add(p);
                }
                else if (t >= 0.5f)
                {
                    observed[p] = float.NaN;
                }
            }

            foreach (var piece in Pieces(rest, colorIndex))
            {
                pending.Enqueue(piece);
            }
        }
    }

    private static IEnumerable<List<int>> Pieces(List<int> pixels, int colorIndex)
    {
        var labels = new int[N * N];
        Array.Fill(labels, Background);
        pixels.ForEach(p => labels[p] = colorIndex);
        var seen = new bool[N * N];
        foreach (var p in pixels)
        {
            if (!seen[p])
            {
                var piece = Flood(labels, seen, p);
                if (piece.Count >= MinPixels)
                {
                    yield return piece;
                }
            }
        }
    }
}
