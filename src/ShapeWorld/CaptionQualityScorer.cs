namespace DataForge.ShapeWorld;

/// <summary>
/// Scores parsed captions against true scene graphs. Parsed objects are matched one-to-one to true objects of the
/// same shape, best attribute agreement first (colour, size, cell), so one wrong attribute costs that attribute's
/// accuracy and not the object; a named shape that is not there, or named twice, costs precision.
/// </summary>
public sealed class CaptionQualityScorer
{
    private int _scenes;
    private int _truth;
    private int _parsed;
    private int _matched;
    private int _color;
    private int _size;
    private int _position;
    private int _counts;
    private int _stated;
    private int _relations;

    /// <summary>Adds one scene.</summary>
    /// <param name="truth">The true graph.</param>
    /// <param name="parsed">The graph parsed from the caption under test.</param>
    public void Add(SceneGraph truth, SceneGraph parsed)
    {
        ArgumentNullException.ThrowIfNull(truth);
        ArgumentNullException.ThrowIfNull(parsed);
        _scenes++;
        _truth += truth.Objects.Count;
        _parsed += parsed.Objects.Count;
        var match = Match(truth.Objects, parsed.Objects);
        foreach (var (p, t) in match)
        {
            var (a, b) = (parsed.Objects[p], truth.Objects[t]);
            _matched++;
            _color += a.ColorName == b.ColorName ? 1 : 0;
            _size += a.Size == b.Size ? 1 : 0;
            _position += a.Position == b.Position ? 1 : 0;
        }

        var truthCounts = truth.Counts;
        var parsedCounts = parsed.Counts;
        _counts += truthCounts.Count == parsedCounts.Count && truthCounts.All(kv => parsedCounts.GetValueOrDefault(kv.Key) == kv.Value) ? 1 : 0;

        foreach (var r in parsed.Relations)
        {
            if (match.TryGetValue(r.Subject, out var s) && match.TryGetValue(r.Object, out var o))
            {
                _stated++;
                _relations += truth.Holds(s, r.Kind, o) ? 1 : 0;
            }
        }
    }

    /// <summary>Gets the report over every scene added so far.</summary>
    /// <returns>The report.</returns>
    public CaptionQualityReport Report() =>
        new(_scenes, _truth, _parsed, _matched, _color, _size, _position, _counts, _stated, _relations);

    private static Dictionary<int, int> Match(IReadOnlyList<SceneObject> truth, IReadOnlyList<SceneObject> parsed)
    {
        var pairs = new List<(int Score, int P, int T)>();
        for (var p = 0; p < parsed.Count; p++)
        {
            for (var t = 0; t < truth.Count; t++)
            {
                if (parsed[p].Shape == truth[t].Shape)
                {
                    var score = (parsed[p].ColorName == truth[t].ColorName ? 4 : 0) + (parsed[p].Position == truth[t].Position ? 2 : 0) + (parsed[p].Size == truth[t].Size ? 1 : 0);
                    pairs.Add((score, p, t));
                }
            }
        }

        var match = new Dictionary<int, int>();
        var usedTruth = new HashSet<int>();
        foreach (var (_, p, t) in pairs.OrderByDescending(x => x.Score).ThenBy(x => x.P).ThenBy(x => x.T))
        {
            if (!match.ContainsKey(p) && usedTruth.Add(t))
            {
                match[p] = t;
            }
        }

        return match;
    }
}
