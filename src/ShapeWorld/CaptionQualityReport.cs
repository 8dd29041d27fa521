namespace DataForge.ShapeWorld;

/// <summary>
/// How well parsed captions describe their scenes, over many (truth, parsed) pairs. Every accuracy is a fraction of
/// the items it is defined over, and that count is reported beside it; a fraction of nothing is NaN (shown as
/// "n/a"), never a made-up 0 or 1.
/// </summary>
/// <param name="Scenes">Scene pairs scored.</param>
/// <param name="TruthObjects">Objects in the true graphs.</param>
/// <param name="ParsedObjects">Objects in the parsed graphs.</param>
/// <param name="MatchedObjects">Parsed objects matched one-to-one to a true object of the same shape.</param>
/// <param name="ColorCorrect">Matched objects whose colour is right.</param>
/// <param name="SizeCorrect">Matched objects whose size is right.</param>
/// <param name="PositionCorrect">Matched objects whose grid cell is right.</param>
/// <param name="CountCorrect">Scenes whose per-shape counts are all right.</param>
/// <param name="StatedRelations">Relations the parsed captions state between matched objects.</param>
/// <param name="RelationsCorrect">Of those, relations that hold in the true scene.</param>
public sealed record CaptionQualityReport(
    int Scenes,
    int TruthObjects,
    int ParsedObjects,
    int MatchedObjects,
    int ColorCorrect,
    int SizeCorrect,
    int PositionCorrect,
    int CountCorrect,
    int StatedRelations,
    int RelationsCorrect)
{
    /// <summary>Gets matched / parsed objects.</summary>
    public double ObjectPrecision => Ratio(MatchedObjects, ParsedObjects);

    /// <summary>Gets matched / true objects.</summary>
    public double ObjectRecall => Ratio(MatchedObjects, TruthObjects);

    /// <summary>Gets the harmonic mean of object precision and recall, as 2·matched / (parsed + true): 0 when a caption names no object.</summary>
    public double ObjectF1 => Ratio(2 * MatchedObjects, ParsedObjects + TruthObjects);

    /// <summary>Gets the colour accuracy over matched objects.</summary>
    public double ColorAccuracy => Ratio(ColorCorrect, MatchedObjects);

    /// <summary>Gets the size accuracy over matched objects.</summary>
    public double SizeAccuracy => Ratio(SizeCorrect, MatchedObjects);

    /// <summary>Gets the position (grid cell) accuracy over matched objects.</summary>
    public double PositionAccuracy => Ratio(PositionCorrect, MatchedObjects);

    /// <summary>Gets the fraction of scenes whose per-shape counts are right.</summary>
    public double CountAccuracy => Ratio(CountCorrect, Scenes);

    /// <summary>Gets the fraction of stated relations that hold.</summary>
    public double RelationAccuracy => Ratio(RelationsCorrect, StatedRelations);

    /// <summary>Formats the report as a Markdown table.</summary>
    /// <returns>The table.</returns>
    public string ToMarkdown() => string.Join('\n',
        "| Metric | Value | Over |",
        "|---|---|---|",
        $"| Object precision | {Format(ObjectPrecision)} | {ParsedObjects} parsed objects |",
        $"| Object recall | {Format(ObjectRecall)} | {TruthObjects} true objects |",
        $"| Object F1 | {Format(ObjectF1)} | |",
        $"| Colour accuracy | {Format(ColorAccuracy)} | {MatchedObjects} matched objects |",
        $"| Size accuracy | {Format(SizeAccuracy)} | {MatchedObjects} matched objects |",
        $"| Position accuracy | {Format(PositionAccuracy)} | {MatchedObjects} matched objects |",
        $"| Count accuracy | {Format(CountAccuracy)} | {Scenes} scenes |",
        $"| Relation accuracy | {Format(RelationAccuracy)} | {StatedRelations} stated relations |");

    /// <summary>Formats a metric with three decimals, or "n/a" when it is a fraction of nothing.</summary>
    /// <param name="value">The metric.</param>
    /// <returns>The text.</returns>
    public static string Format(double value) =>
        double.IsNaN(value) ? "n/a" : value.ToString("0.000", System.Globalization.CultureInfo.InvariantCulture);

    private static double Ratio(int part, int whole) => whole == 0 ? double.NaN : (double)part / whole;
}
