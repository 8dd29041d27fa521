using System.Text;

namespace DataForge.ShapeWorld;

/// <summary>
/// Writes the dense gold caption of a scene graph: a count sentence, the background, one sentence per object
/// (size, colour, shape, position) and up to two relations, each fact in one of several phrasings.
/// <see cref="SceneGraphParser"/> reads every phrasing back. Objects are described in reading order of their
/// grid cells (row, then column), both in the count list and in the object sentences.
/// </summary>
/// <remarks>
/// The order must be one the image determines: in drawing (depth) order the next shape word is a guess that
/// greedy decoding resolves to the most frequent shape, so a captioner trained on it names nearly everything the
/// same. Each object has its own cell, so reading order is total.
/// </remarks>
internal static class DenseCaptionWriter
{
    /// <summary>Writes the caption.</summary>
    /// <param name="graph">The scene (with its background).</param>
    /// <param name="random">The phrasing choices.</param>
    /// <returns>The caption.</returns>
    public static string Write(SceneGraph graph, Random random) => Write(graph, random, countLast: false);

    /// <summary>Writes the caption, the count and background sentences after the object sentences when asked.</summary>
    /// <param name="graph">The scene (with its background).</param>
    /// <param name="random">The phrasing choices.</param>
    /// <param name="countLast">Whether the count list follows the object sentences.</param>
    /// <returns>The caption.</returns>
    public static string Write(SceneGraph graph, Random random, bool countLast)
    {
        var objects = ReadingOrder(graph);
        var text = new StringBuilder();
        var head = new StringBuilder();
        var n = objects.Count;
        var noun = random.Next(2) == 0 ? "shape" : "object";
        var nouns = n == 1 ? noun : noun + "s";
        var counts = CountList(graph, objects);
        var number = CaptionWords.Numbers[n];
        var background = graph.Background!.Description;
        head.Append(random.Next(4) switch
        {
            0 => $"{CaptionWords.Capitalize(number)} {nouns} on {background}: {counts}.",
            1 => $"There {(n == 1 ? "is" : "are")} {number} {nouns} in the image: {counts}. The scene has {background}.",
            2 => $"The picture contains {number} {nouns}, {counts}, set against {background}.",
            _ => $"{CaptionWords.Capitalize(number)} {nouns} {(n == 1 ? "is" : "are")} visible: {counts}. {(n == 1 ? "Behind it" : "Behind them")} is {background}.",
        });

        if (!countLast)
        {
            text.Append(head);
        }

        foreach (var obj in objects)
        {
            var size = CaptionWords.SizeWords[obj.Size][random.Next(4) == 0 ? 1 : 0];
            var desc = $"{size} {obj.ColorName} {CaptionWords.Noun(obj.Shape)}";
            var a = CaptionWords.Article(desc);
            var phrases = CaptionWords.PositionPhrases(obj.Position);
            var where = phrases[random.Next(phrases.Length)];
            text.Append(text.Length == 0 ? "" : " ").Append(random.Next(4) switch
            {
                0 => $"{CaptionWords.Capitalize(a)} {desc} is {where}.",
                1 => $"{CaptionWords.Capitalize(where)}, there is {a} {desc}.",
                2 => $"The {desc} sits {where}.",
                _ => $"{CaptionWords.Capitalize(where)} you can see {a} {desc}.",
            });
        }

        if (countLast)
        {
            text.Append(' ').Append(head);
        }

        foreach (var sentence in Relations(graph, random))
        {
            text.Append(' ').Append(sentence);
        }

        return text.ToString();
    }

    /// <summary>Gets the scene's objects in reading order of their grid cells: top row first, left to right.</summary>
    /// <param name="graph">The scene.</param>
    /// <returns>The objects, reordered.</returns>
    internal static IReadOnlyList<SceneObject> ReadingOrder(SceneGraph graph) =>
        graph.Objects.OrderBy(o => o.Position.Row).ThenBy(o => o.Position.Column).ToList();

    private static string CountList(SceneGraph graph, IReadOnlyList<SceneObject> ordered)
    {
        // Shapes in order of first appearance in reading order, so the list follows the object sentences.
        var parts = ordered.Select(o => o.Shape).Distinct()
            .Select(s =>
            {
                var c = graph.Counts[s];
                return c == 1 ? $"{CaptionWords.Article(CaptionWords.Noun(s))} {CaptionWords.Noun(s)}" : $"{CaptionWords.Numbers[c]} {CaptionWords.Plural(s)}";
            })
            .ToList();
        return parts.Count == 1 ? parts[0] : $"{string.Join(", ", parts[..^1])} and {parts[^1]}";
    }

    private static IEnumerable<string> Relations(SceneGraph graph, Random random)
    {
        // Only objects that a "the <size> <colour> <shape>" phrase names unambiguously take part in relations.
        var objects = graph.Objects;
        var unique = Enumerable.Range(0, objects.Count)
            .Where(i => objects.Count(o => o.Shape == objects[i].Shape && o.ColorName == objects[i].ColorName && o.Size == objects[i].Size) == 1)
            .ToList();
        var candidates = graph.Relations.Where(r => unique.Contains(r.Subject) && unique.Contains(r.Object)).ToList();
        var wanted = Math.Min(candidates.Count, objects.Count <= 2 ? 1 : 2);
        for (var k = 0; k < wanted; k++)
        {
            var relation = candidates[random.Next(candidates.Count)];
            candidates.RemoveAll(r => (r.Subject == relation.Subject && r.Object == relation.Object) || (r.Subject == relation.Object && r.Object == relation.Subject));
            var a = Name(objects[relation.Subject]);
            var b = Name(objects[relation.Object]);
            yield return (relation.Kind, random.Next(3)) switch
            {
                (RelationKind.LeftOf, 0) => $"{a} is to the left of {b.ToLowerInvariant()}.",
                (RelationKind.LeftOf, 1) => $"{a} is left of {b.ToLowerInvariant()}.",
                (RelationKind.LeftOf, _) => $"{b} is to the right of {a.ToLowerInvariant()}.",
                (_, 0) => $"{a} is above {b.ToLowerInvariant()}.",
                (_, 1) => $"{b} is below {a.ToLowerInvariant()}.",
                _ => $"{b} is lower than {a.ToLowerInvariant()}.",
            };
            if (candidates.Count == 0)
            {
                yield break;
            }
        }
    }

    private static string Name(SceneObject o) => $"The {CaptionWords.SizeWords[o.Size][0]} {o.ColorName} {CaptionWords.Noun(o.Shape)}";
}
