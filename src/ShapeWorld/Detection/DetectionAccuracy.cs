using System.Globalization;
using System.Text;

namespace DataForge.ShapeWorld.Detection;

/// <summary>
/// The detector's accuracy over many ground-truth scenes (definitions on <see cref="ImageDetectionScore"/>):
/// per visible object (shape and colour right), per image (exact), by true shape and by true colour, and how
/// often the paired detection also has the right size and grid cell.
/// </summary>
public sealed class DetectionAccuracy
{
    private readonly Dictionary<ShapeKind, (int Visible, int Correct)> _byShape = [];
    private readonly Dictionary<string, (int Visible, int Correct)> _byColor = [];

    /// <summary>Gets the number of scenes scored.</summary>
    public int Images { get; private set; }

    /// <summary>Gets the number of scenes scored exact.</summary>
    public int ExactImages { get; private set; }

    /// <summary>Gets the number of visible true objects.</summary>
    public int VisibleObjects { get; private set; }

    /// <summary>Gets the number of visible true objects detected with the right shape and colour.</summary>
    public int CorrectObjects { get; private set; }

    /// <summary>Gets the number of hidden true objects (not required).</summary>
    public int HiddenObjects { get; private set; }

    /// <summary>Gets the number of detections paired with no true object.</summary>
    public int FalsePositives { get; private set; }

    /// <summary>Gets how many correct objects also have the right size.</summary>
    public int SizeCorrect { get; private set; }

    /// <summary>Gets how many correct objects also lie in the right grid cell.</summary>
    public int PositionCorrect { get; private set; }

    /// <summary>Gets the fraction of visible objects detected correctly.</summary>
    public double ObjectAccuracy => VisibleObjects == 0 ? double.NaN : (double)CorrectObjects / VisibleObjects;

    /// <summary>Gets the fraction of scenes scored exact.</summary>
    public double ImageAccuracy => Images == 0 ? double.NaN : (double)ExactImages / Images;

    /// <summary>Gets per true shape: visible objects and correct ones.</summary>
    public IReadOnlyDictionary<ShapeKind, (int Visible, int Correct)> ByShape => _byShape;

    /// <summary>Gets per true colour: visible objects and correct ones.</summary>
    public IReadOnlyDictionary<string, (int Visible, int Correct)> ByColor => _byColor;

    /// <summary>Adds one scene's score.</summary>
    /// <param name="score">The score.</param>
    public void Add(ImageDetectionScore score)
    {
        ArgumentNullException.ThrowIfNull(score);
        Images++;
        ExactImages += score.Exact ? 1 : 0;
        FalsePositives += score.Unpaired.Count;
        foreach (var o in score.Objects)
        {
            if (!o.Visible)
            {
                HiddenObjects++;
                continue;
            }

            var correct = o.Correct ? 1 : 0;
            (VisibleObjects, CorrectObjects) = (VisibleObjects + 1, CorrectObjects + correct);
            SizeCorrect += o.Correct && o.Detection!.Size == o.Truth.Size ? 1 : 0;
            PositionCorrect += o.Correct && o.Detection!.Position == o.Truth.Position ? 1 : 0;
            var s = _byShape.GetValueOrDefault(o.Truth.Shape);
            _byShape[o.Truth.Shape] = (s.Visible + 1, s.Correct + correct);
            var c = _byColor.GetValueOrDefault(o.Truth.ColorName);
            _byColor[o.Truth.ColorName] = (c.Visible + 1, c.Correct + correct);
        }
    }

    /// <summary>Writes the figures as a Markdown section.</summary>
    /// <returns>The Markdown.</returns>
    public string ToMarkdown()
    {
        var md = new StringBuilder();
        md.AppendLine(Invariant($"Scenes: {Images}; visible objects: {VisibleObjects}; hidden (under {ObjectVisibility.VisibleFraction:P0} visible, not required): {HiddenObjects}."));
        md.AppendLine();
        md.AppendLine("| Measure | Value |");
        md.AppendLine("|---|---|");
        md.AppendLine(Invariant($"| Objects correct (shape + colour) | {CorrectObjects}/{VisibleObjects} = {ObjectAccuracy:P2} |"));
        md.AppendLine(Invariant($"| Images exact (all visible correct, no extra) | {ExactImages}/{Images} = {ImageAccuracy:P2} |"));
        md.AppendLine(Invariant($"| Extra detections | {FalsePositives} |"));
        md.AppendLine(Invariant($"| Correct objects with right size | {SizeCorrect}/{CorrectObjects} |"));
        md.AppendLine(Invariant($"| Correct objects in right grid cell | {PositionCorrect}/{CorrectObjects} |"));
        md.AppendLine();
        md.AppendLine("| Shape | Correct | Accuracy |");
        md.AppendLine("|---|---|---|");
        foreach (var (shape, (visible, correct)) in _byShape.OrderBy(kv => kv.Key))
        {
            md.AppendLine(Invariant($"| {CaptionWords.Noun(shape)} | {correct}/{visible} | {(double)correct / visible:P2} |"));
        }

        md.AppendLine();
        md.AppendLine("| Colour | Correct | Accuracy |");
        md.AppendLine("|---|---|---|");
        foreach (var color in ShapePalette.Colors.Where(c => _byColor.ContainsKey(c.Name)))
        {
            var (visible, correct) = _byColor[color.Name];
            md.AppendLine(Invariant($"| {color.Name} | {correct}/{visible} | {(double)correct / visible:P2} |"));
        }

        return md.ToString();
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
