namespace DataForge.Cli.Demo;

/// <summary>
/// Draws small deterministic landscape scenes (sky, sun or moon, mountains, ground or sea, houses, trees, boats,
/// clouds) and captions them in the terse way web alt-text does, so the demo's data has real nouns to count and
/// real JPEGs to download, resize and caption — without any network access.
/// </summary>
public static class SceneGenerator
{
    private static readonly (string Name, SceneColor Color)[] HouseColors =
    [
        ("red", new SceneColor(190, 40, 35)), ("yellow", new SceneColor(230, 200, 60)), ("blue", new SceneColor(50, 90, 190)), ("white", new SceneColor(235, 235, 230)),
    ];

    private static readonly string[] Counts = ["a", "two", "three", "four"];

    /// <summary>Generates scene <paramref name="index"/> for <paramref name="seed"/>; the same pair always gives the same bytes.</summary>
    /// <param name="index">Scene number.</param>
    /// <param name="seed">Generator seed.</param>
    /// <param name="width">Width.</param>
    /// <param name="height">Height.</param>
    /// <returns>The scene.</returns>
    public static GeneratedScene Generate(int index, int seed, int width = 320, int height = 240)
    {
        // Not HashCode.Combine: it is randomised per process, and the demo must be reproducible.
        var random = new Random(unchecked((seed * 1_000_003) + index));
        var canvas = new SceneCanvas(width, height);
        var words = new List<string>();
        var horizon = (int)(height * (0.55 + (random.NextDouble() * 0.15)));

        var time = random.Next(3);
        var (skyTop, skyBottom, timeWord) = time switch
        {
            0 => (new SceneColor(70, 130, 220), new SceneColor(180, 215, 245), "blue sky"),
            1 => (new SceneColor(120, 60, 140), new SceneColor(250, 150, 70), "sunset"),
            _ => (new SceneColor(10, 15, 45), new SceneColor(40, 50, 90), "night sky"),
        };
        canvas.VerticalGradient(0, horizon, skyTop, skyBottom);
        if (time == 2)
        {
            canvas.Disc(random.Next(width), random.Next(horizon / 2), 12, new SceneColor(235, 235, 210));
            words.Add("moon");
        }
        else
        {
            canvas.Disc(random.Next(width), random.Next(horizon / 2), 16, time == 0 ? new SceneColor(255, 230, 90) : new SceneColor(255, 120, 50));
            words.Add("sun");
        }

        if (time == 0 && random.Next(2) == 0)
        {
            var cx = random.Next(width);
            var cy = 20 + random.Next(horizon / 3);
            for (var i = 0; i < 3; i++)
            {
                canvas.Disc(cx + (i * 14) - 14, cy + (i == 1 ? -6 : 0), 11, new SceneColor(245, 245, 250));
            }

            words.Add("clouds");
        }

        if (random.Next(2) == 0)
        {
            var peaks = 1 + random.Next(3);
            for (var i = 0; i < peaks; i++)
            {
                canvas.Triangle(random.Next(width), horizon - 50 - random.Next(40), horizon, 60 + random.Next(40), new SceneColor(95, 100, 115));
            }

            words.Add(peaks == 1 ? "mountain" : "mountains");
        }

        var sea = random.Next(3) == 0;
        canvas.VerticalGradient(horizon, height, sea ? new SceneColor(30, 90, 150) : new SceneColor(80, 150, 60), sea ? new SceneColor(15, 50, 100) : new SceneColor(40, 100, 35));
        if (sea)
        {
            var boats = 1 + random.Next(2);
            for (var i = 0; i < boats; i++)
            {
                var bx = random.Next(20, width - 40);
                var by = horizon + 15 + random.Next(Math.Max(1, height - horizon - 40));
                canvas.Rectangle(bx, by, 36, 8, new SceneColor(120, 70, 30));
                canvas.Triangle(bx + 18, by - 26, by - 2, 10, new SceneColor(240, 240, 240));
            }

            words.Insert(0, $"{Counts[boats - 1]} {(boats == 1 ? "boat" : "boats")} on the sea");
        }
        else
        {
            var houses = random.Next(3);
            var (colorName, color) = HouseColors[random.Next(HouseColors.Length)];
            for (var i = 0; i < houses; i++)
            {
                var hx = random.Next(10, width - 60);
                var hy = horizon - 10 + random.Next(20);
                canvas.Rectangle(hx, hy, 46, 34, color);
                canvas.Triangle(hx + 23, hy - 22, hy, 27, new SceneColor(110, 40, 30));
                canvas.Rectangle(hx + 18, hy + 16, 10, 18, new SceneColor(70, 45, 25));
            }

            var trees = random.Next(4);
            for (var i = 0; i < trees; i++)
            {
                var tx = random.Next(10, width - 10);
                var ty = horizon + random.Next(Math.Max(1, height - horizon - 30));
                canvas.Rectangle(tx - 3, ty, 6, 18, new SceneColor(90, 60, 30));
                canvas.Triangle(tx, ty - 34, ty + 2, 14, new SceneColor(30, 110, 40));
            }

            if (trees > 0)
            {
                words.Insert(0, $"{Counts[trees - 1]} {(trees == 1 ? "tree" : "trees")}");
            }

            if (houses > 0)
            {
                words.Insert(0, $"{Counts[houses - 1]} {colorName} {(houses == 1 ? "house" : "houses")}");
            }

            words.Add("field");
        }

        words.Add(timeWord);
        var caption = random.Next(3) switch
        {
            0 => string.Join(", ", words),
            1 => $"{words[0]} with {string.Join(" and ", words.Skip(1))}",
            _ => $"landscape painting: {string.Join(", ", words)}",
        };
        return new GeneratedScene(index, caption, canvas.ToJpeg(), width, height);
    }
}
