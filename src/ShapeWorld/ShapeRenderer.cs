using SkiaSharp;

namespace DataForge.ShapeWorld;

/// <summary>
/// Paints a scene graph: anti-aliased SkiaSharp drawing at 4× the image size, then an exact 4×4 box average down to
/// <see cref="ShapeWorldScene.ImageSize"/>, so edges are smooth and the result does not depend on a resampler.
/// </summary>
internal static class ShapeRenderer
{
    private const int Scale = 4;
    private const int Canvas = ShapeWorldScene.ImageSize * Scale;

    /// <summary>Radius of a shape of each size, as a fraction of the image side.</summary>
    /// <param name="size">The size.</param>
    /// <returns>The radius.</returns>
    public static double Radius(ShapeSize size) => size == ShapeSize.Small ? 0.085 : 0.15;

    /// <summary>Renders the graph.</summary>
    /// <param name="graph">The scene.</param>
    /// <param name="horizon">Where a sky/ground background's bands meet, 0–1 from the top.</param>
    /// <returns>Row-major RGB24 pixels.</returns>
    public static byte[] Render(SceneGraph graph, double horizon)
    {
        using var bitmap = new SKBitmap(new SKImageInfo(Canvas, Canvas, SKColorType.Rgba8888, SKAlphaType.Premul));
        using (var canvas = new SKCanvas(bitmap))
        {
            PaintBackground(canvas, graph.Background!, horizon);
            foreach (var obj in graph.Objects.OrderBy(o => o.Depth))
            {
                using var paint = new SKPaint { IsAntialias = true, Color = ToSk(ShapePalette.Find(obj.ColorName)!), Style = SKPaintStyle.Fill };
                using var path = ShapePath(obj);
                canvas.DrawPath(path, paint);
            }
        }

        return Downsample(bitmap.GetPixelSpan());
    }

    /// <summary>
    /// Renders one shape's coverage the way <see cref="Render"/> paints it: the fraction of each pixel the shape covers
    /// (0–1), so the detector matches against exactly the world's outlines and anti-aliasing.
    /// </summary>
    /// <param name="shape">The shape.</param>
    /// <param name="size">The size.</param>
    /// <param name="centerX">Horizontal centre, 0–1 of the image.</param>
    /// <param name="centerY">Vertical centre, 0–1 of the image.</param>
    /// <returns>Row-major coverage, <see cref="ShapeWorldScene.ImageSize"/>² values.</returns>
    public static float[] RenderCoverage(ShapeKind shape, ShapeSize size, double centerX, double centerY)
    {
        using var bitmap = new SKBitmap(new SKImageInfo(Canvas, Canvas, SKColorType.Rgba8888, SKAlphaType.Premul));
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Clear(SKColors.Transparent);
            using var paint = new SKPaint { IsAntialias = true, Color = SKColors.White, Style = SKPaintStyle.Fill };
            using var path = ShapePath(new SceneObject(shape, "white", size, centerX, centerY, 0));
            canvas.DrawPath(path, paint);
        }

        const int n = ShapeWorldScene.ImageSize;
        var rgba = bitmap.GetPixelSpan();
        var coverage = new float[n * n];
        for (var i = 0; i < rgba.Length / 4; i++)
        {
            var (x, y) = (i % Canvas / Scale, i / Canvas / Scale);
            coverage[(y * n) + x] += rgba[(i * 4) + 3] / (255f * Scale * Scale);
        }

        return coverage;
    }

    private static void PaintBackground(SKCanvas canvas, SceneBackground background, double horizon)
    {
        var top = ToSk(ShapePalette.FindBackground(background.ColorName)!);
        var bottom = ToSk(ShapePalette.FindBackground(background.SecondColorName)!);
        using var paint = new SKPaint { IsAntialias = false };
        switch (background.Kind)
        {
            case BackgroundKind.Plain:
                canvas.Clear(top);
                break;
            case BackgroundKind.Gradient:
                using (var shader = SKShader.CreateLinearGradient(new SKPoint(0, 0), new SKPoint(0, Canvas), [top, bottom], SKShaderTileMode.Clamp))
                {
                    paint.Shader = shader;
                    canvas.DrawRect(0, 0, Canvas, Canvas, paint);
                }

                break;
            default:
                var y = (float)(horizon * Canvas);
                paint.Color = top;
                canvas.DrawRect(0, 0, Canvas, y, paint);
                paint.Color = bottom;
                canvas.DrawRect(0, y, Canvas, Canvas - y, paint);
                break;
        }
    }

    private static SKPath ShapePath(SceneObject obj)
    {
        var (cx, cy) = ((float)(obj.CenterX * Canvas), (float)(obj.CenterY * Canvas));
        var r = (float)(Radius(obj.Size) * Canvas);
        using var path = new SKPathBuilder();
        switch (obj.Shape)
        {
            case ShapeKind.Circle:
                path.AddCircle(cx, cy, r);
                break;
            case ShapeKind.Square:
                path.AddRect(new SKRect(cx - (0.85f * r), cy - (0.85f * r), cx + (0.85f * r), cy + (0.85f * r)));
                break;
            case ShapeKind.Triangle:
                path.AddPoly([new(cx, cy - r), new(cx + (0.95f * r), cy + (0.8f * r)), new(cx - (0.95f * r), cy + (0.8f * r))]);
                break;
            case ShapeKind.Star:
                path.AddPoly(Enumerable.Range(0, 10).Select(i =>
                {
                    var radius = i % 2 == 0 ? r : 0.45f * r;
                    var angle = (Math.PI * i / 5) - (Math.PI / 2);
                    return new SKPoint(cx + (radius * (float)Math.Cos(angle)), cy + (radius * (float)Math.Sin(angle)));
                }).ToArray());
                break;
            case ShapeKind.Ring:
                path.FillType = SKPathFillType.EvenOdd;
                path.AddCircle(cx, cy, r);
                path.AddCircle(cx, cy, 0.55f * r);
                break;
            case ShapeKind.Cross:
                var arm = 0.32f * r;
                path.AddRect(new SKRect(cx - r, cy - arm, cx + r, cy + arm));
                path.AddRect(new SKRect(cx - arm, cy - r, cx + arm, cy + r));
                break;
            case ShapeKind.Heart:
                path.MoveTo(cx, cy + r);
                path.CubicTo(cx - (1.6f * r), cy - (0.1f * r), cx - (0.7f * r), cy - (1.25f * r), cx, cy - (0.45f * r));
                path.CubicTo(cx + (0.7f * r), cy - (1.25f * r), cx + (1.6f * r), cy - (0.1f * r), cx, cy + r);
                path.Close();
                break;
            default:
                path.AddPoly([new(cx, cy - r), new(cx + (0.75f * r), cy), new(cx, cy + r), new(cx - (0.75f * r), cy)]);
                break;
        }

        return path.Detach();
    }

    private static byte[] Downsample(ReadOnlySpan<byte> rgba)
    {
        const int n = ShapeWorldScene.ImageSize;
        var rgb = new byte[n * n * 3];
        for (var y = 0; y < n; y++)
        {
            for (var x = 0; x < n; x++)
            {
                for (var c = 0; c < 3; c++)
                {
                    var sum = 0;
                    for (var dy = 0; dy < Scale; dy++)
                    {
                        var row = ((y * Scale) + dy) * Canvas;
                        for (var dx = 0; dx < Scale; dx++)
                        {
                            sum += rgba[((row + (x * Scale) + dx) * 4) + c];
                        }
                    }

                    rgb[(((y * n) + x) * 3) + c] = (byte)((sum + (Scale * Scale / 2)) / (Scale * Scale));
                }
            }
        }

        return rgb;
    }

    private static SKColor ToSk(NamedColor c) => new(c.R, c.G, c.B);
}
