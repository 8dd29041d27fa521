namespace DataForge.ShapeWorld.Detection;

/// <summary>
/// The detector's result on one ground-truth scene. Each true object is paired with the nearest unpaired detection
/// whose centre lies within <see cref="MatchDistance"/> (greedy, nearest pairs first). A visible object
/// (<see cref="ObjectVisibility.VisibleFraction"/> or more of it shown) is <b>correct</b> when its detection has its
/// shape and colour. Hidden objects are not required, and a detection paired with one is not an error.
/// The image is <b>exact</b> when every visible object is correct and no detection is left unpaired.
/// </summary>
/// <param name="Objects">Per true object: the object, its visible fraction, and its detection (or null).</param>
/// <param name="Unpaired">Detections paired with no true object (false positives).</param>
public sealed record ImageDetectionScore(IReadOnlyList<ObjectDetectionOutcome> Objects, IReadOnlyList<DetectedObject> Unpaired)
{
    /// <summary>Greatest centre distance (fraction of the image side) at which a detection can stand for a true object.</summary>
    public const double MatchDistance = 0.12;

    /// <summary>Gets whether every visible object is correct and nothing else was detected.</summary>
    public bool Exact => Unpaired.Count == 0 && Objects.All(o => !o.Visible || o.Correct);

    /// <summary>Scores detections against a scene.</summary>
    /// <param name="truth">The ground truth.</param>
    /// <param name="detections">What the detector found.</param>
    /// <returns>The score.</returns>
    public static ImageDetectionScore Of(SceneGraph truth, IReadOnlyList<DetectedObject> detections)
    {
        ArgumentNullException.ThrowIfNull(truth);
        ArgumentNullException.ThrowIfNull(detections);
        var visibility = ObjectVisibility.Of(truth);
        var pairs = new List<(double Distance, int Truth, int Detection)>();
        for (var i = 0; i < truth.Objects.Count; i++)
        {
            for (var j = 0; j < detections.Count; j++)
            {
                var d = Math.Sqrt(Math.Pow(truth.Objects[i].CenterX - detections[j].CenterX, 2) + Math.Pow(truth.Objects[i].CenterY - detections[j].CenterY, 2));
                if (d <= MatchDistance)
                {
                    pairs.Add((d, i, j));
                }
            }
        }

        var byTruth = new DetectedObject?[truth.Objects.Count];
        var used = new bool[detections.Count];
        foreach (var (_, i, j) in pairs.OrderBy(p => p.Distance))
        {
            if (byTruth[i] is null && !used[j])
            {
                (byTruth[i], used[j]) = (detections[j], true);
            }
        }

        var outcomes = truth.Objects.Select((o, i) => new ObjectDetectionOutcome(o, visibility[i], byTruth[i])).ToList();
        return new ImageDetectionScore(outcomes, detections.Where((_, j) => !used[j]).ToList());
    }
}
