using System.Text.RegularExpressions;

namespace DataForge.ShapeWorld;

/// <summary>
/// Reads a dense caption back into a scene graph: the inverse of the dense caption templates, tolerant of what a
/// captioner's decoder does to them (any case, spaces around punctuation as a word-level tokenizer decodes, words
/// it repeats). Objects come from sentences naming one "size colour shape"; relations from sentences naming two;
/// the background from its phrase. Counts are the parsed objects' counts.
/// </summary>
public static partial class SceneGraphParser
{
    /// <summary>Parses a caption.</summary>
    /// <param name="caption">The caption.</param>
    /// <returns>The graph: objects in the order the caption names them, stated relations, the background if named.</returns>
    public static SceneGraph Parse(string caption)
    {
        ArgumentNullException.ThrowIfNull(caption);
        var text = string.Join(' ', Token().Matches(caption.ToLowerInvariant()).Select(m => m.Value));
        var objects = new List<SceneObject>();
        var pending = new List<(Mention A, RelationKind Kind, Mention B)>();
        SceneBackground? background = null;
        foreach (var sentence in text.Split(" . ", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            background ??= ParseBackground(sentence);
            var mentions = MentionPattern().Matches(sentence).Select(Mention.From).ToList();
            if (mentions.Count == 1)
            {
                var rest = sentence.Remove(mentions[0].Start, mentions[0].Length);
                var (x, y) = PositionOf(rest).Center;
                var m = mentions[0];
                objects.Add(new SceneObject(m.Shape, m.Color, m.Size, x, y, objects.Count));
            }
            else if (mentions.Count == 2 && RelationOf(sentence[mentions[0].End..mentions[1].Start]) is { } relation)
            {
                pending.Add(relation.Forward ? (mentions[0], relation.Kind, mentions[1]) : (mentions[1], relation.Kind, mentions[0]));
            }
        }

        var relations = new List<SceneRelation>();
        foreach (var (a, kind, b) in pending)
        {
            var (i, j) = (a.Find(objects), b.Find(objects));
            if (i >= 0 && j >= 0 && i != j)
            {
                relations.Add(new SceneRelation(i, kind, j));
            }
        }

        return new SceneGraph(background, objects, relations);
    }

    private static ScenePosition PositionOf(string words)
    {
        var w = words.Split(' ');
        var row = w.Contains("top") || w.Contains("upper") ? 0 : w.Contains("bottom") || w.Contains("lower") ? 2 : 1;
        var column = w.Contains("left") ? 0 : w.Contains("right") ? 2 : 1;
        return new ScenePosition(column, row);
    }

    private static (RelationKind Kind, bool Forward)? RelationOf(string between) =>
        between.Contains("left of", StringComparison.Ordinal) ? (RelationKind.LeftOf, true)
        : between.Contains("right of", StringComparison.Ordinal) ? (RelationKind.LeftOf, false)
        : between.Contains("above", StringComparison.Ordinal) || between.Contains("higher than", StringComparison.Ordinal) ? (RelationKind.Above, true)
        : between.Contains("below", StringComparison.Ordinal) || between.Contains("lower than", StringComparison.Ordinal) || between.Contains("under", StringComparison.Ordinal) ? (RelationKind.Above, false)
        : null;

    private static SceneBackground? ParseBackground(string sentence)
    {
        if (PlainPattern().Match(sentence) is { Success: true } p && Known(p.Groups[1].Value))
        {
            return new SceneBackground(BackgroundKind.Plain, p.Groups[1].Value, p.Groups[1].Value);
        }

        if (GradientPattern().Match(sentence) is { Success: true } g && Known(g.Groups[1].Value) && Known(g.Groups[2].Value))
        {
            return new SceneBackground(BackgroundKind.Gradient, g.Groups[1].Value, g.Groups[2].Value);
        }

        if (SkyPattern().Match(sentence) is { Success: true } s && Known(s.Groups[1].Value) && Known(s.Groups[2].Value))
        {
            return new SceneBackground(BackgroundKind.SkyGround, s.Groups[1].Value, s.Groups[2].Value);
        }

        return null;
    }

    private static bool Known(string backgroundColor) => ShapePalette.FindBackground(backgroundColor) is not null;

    [GeneratedRegex(@"\w+|[^\w\s]+", RegexOptions.CultureInvariant)]
    private static partial Regex Token();

    [GeneratedRegex(@"\b(small|little|large|big) (red|orange|yellow|green|blue|purple|pink|brown|white|black) (circle|square|triangle|star|ring|cross|heart|diamond)(?:e?s)?\b", RegexOptions.CultureInvariant)]
    private static partial Regex MentionPattern();

    [GeneratedRegex(@"\bplain (\w+) background\b", RegexOptions.CultureInvariant)]
    private static partial Regex PlainPattern();

    [GeneratedRegex(@"\b(\w+) to (\w+) gradient\b", RegexOptions.CultureInvariant)]
    private static partial Regex GradientPattern();

    [GeneratedRegex(@"\b(\w+) sky over (\w+) ground\b", RegexOptions.CultureInvariant)]
    private static partial Regex SkyPattern();

    private readonly record struct Mention(int Start, int Length, ShapeSize Size, string Color, ShapeKind Shape)
    {
        public int End => Start + Length;

        public static Mention From(Match m) => new(
            m.Index,
            m.Length,
            m.Groups[1].Value is "small" or "little" ? ShapeSize.Small : ShapeSize.Large,
            m.Groups[2].Value,
            Enum.Parse<ShapeKind>(m.Groups[3].Value, ignoreCase: true));

        public int Find(List<SceneObject> objects)
        {
            var (shape, color, size) = (Shape, Color, Size);
            return objects.FindIndex(o => o.Shape == shape && o.ColorName == color && o.Size == size);
        }
    }
}
