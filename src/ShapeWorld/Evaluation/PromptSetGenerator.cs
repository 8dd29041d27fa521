namespace DataForge.ShapeWorld.Evaluation;

/// <summary>
/// Writes a seeded, GenEval-style held-out prompt set: the four <see cref="PromptTask"/> families in turn, each prompt
/// built from a reference scene that satisfies it (objects in distinct grid cells, like every scene of the world).
/// No two prompts share a text, so a sample's prompt text says which prompt it was for; a draw that repeats an earlier
/// prompt's text is redrawn. Prompt <c>i</c> depends only on the seed and the prompts before it, so a larger set
/// extends a smaller one.
/// </summary>
public static class PromptSetGenerator
{
    /// <summary>Most prompts one set holds: every fourth prompt asks for one object, and the world has 80 distinct ones.</summary>
    public const int MaxCount = 4 * 80;

    /// <summary>Generates prompts.</summary>
    /// <param name="count">How many, 1 to <see cref="MaxCount"/>.</param>
    /// <param name="seed">The seed.</param>
    /// <returns>The prompts in order, with their reference scenes.</returns>
    public static IReadOnlyList<GeneratedPrompt> Generate(int count, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, MaxCount);
        var prompts = new List<GeneratedPrompt>(count);
        var texts = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < count; i++)
        {
            for (var attempt = 0; ; attempt++)
            {
                var prompt = Generate(i, seed, attempt, (PromptTask)(i % 4));
                if (!texts.Contains(prompt.Prompt.Short) && !texts.Contains(prompt.Prompt.Dense))
                {
                    texts.UnionWith([prompt.Prompt.Short, prompt.Prompt.Dense]);
                    prompts.Add(prompt);
                    break;
                }
            }
        }

        return prompts;
    }

    private static GeneratedPrompt Generate(int index, int seed, int attempt, PromptTask task)
    {
        // Offset from the scene generator's seeding so a prompt's reference scene is never a training scene's twin.
        var random = new Random(unchecked((seed * 1_000_003) + index + 0x5EED + (attempt * 7_919_993)));
        var shapes = Enum.GetValues<ShapeKind>();
        random.Shuffle(shapes);
        var colors = ShapePalette.Colors.Select(c => c.Name).ToArray();
        random.Shuffle(colors);
        var cells = Enumerable.Range(0, 9).ToArray();
        random.Shuffle(cells);

        // (shape, colour, how many) per asked entry; distinct shapes and colours between entries.
        var asked = task switch
        {
            PromptTask.SingleObject => [(shapes[0], colors[0], 1)],
            PromptTask.Counting => [(shapes[0], colors[0], 2 + random.Next(3))],
            _ => new[] { (shapes[0], colors[0], 1), (shapes[1], colors[1], 1) },
        };

        var objects = new List<SceneObject>();
        foreach (var (shape, color, n) in asked)
        {
            for (var k = 0; k < n; k++)
            {
                var cell = cells[objects.Count];
                var x = 0.2 + (0.3 * (cell % 3)) + ((random.NextDouble() - 0.5) * 0.14);
                var y = 0.2 + (0.3 * (cell / 3)) + ((random.NextDouble() - 0.5) * 0.14);
                objects.Add(new SceneObject(shape, color, (ShapeSize)random.Next(2), x, y, objects.Count));
            }
        }

        var bg = ShapePalette.BackgroundColors;
        var first = random.Next(bg.Count);
        var second = (first + 1 + random.Next(bg.Count - 1)) % bg.Count;
        var kind = (BackgroundKind)random.Next(3);
        var background = new SceneBackground(kind, bg[first].Name, kind == BackgroundKind.Plain ? bg[first].Name : bg[second].Name);
        var reference = new SceneGraph(background, objects);
        var horizon = 0.5 + (random.NextDouble() * 0.2);

        var prompted = asked.Select((a, i) => new PromptObject(a.Item1, a.Item2, a.Item3, task == PromptTask.Position ? objects[i].Position.Name : null)).ToList();
        var text = string.Join(" and ", prompted.Select((o, i) => Phrase(o, objects[i].Position)));
        var dense = DenseCaptionWriter.Write(reference, random);
        var prompt = new EvalPrompt($"p{index:D4}", task, prompted, text, dense);
        return new GeneratedPrompt(prompt, reference, horizon);
    }

    private static string Phrase(PromptObject o, ScenePosition cell)
    {
        var described = o.Count == 1
            ? $"{CaptionWords.Article(o.Color)} {o.Color} {CaptionWords.Noun(o.Shape)}"
            : $"{CaptionWords.Numbers[o.Count]} {o.Color} {CaptionWords.Plural(o.Shape)}";

        // The first phrasing of a cell is the canonical one ("in the top left corner", "on the right", "at the top").
        return o.Position is null ? described : $"{described} {CaptionWords.PositionPhrases(cell)[0]}";
    }
}
