namespace DataForge.ShapeWorld;

/// <summary>
/// How well parsed captions describe their scenes, over many (truth, parsed) pairs. Every accuracy is a fraction of
/// the items it is defined over, and that count is reported beside it, so an empty denominator is visible.
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
    /// <summary>Gets matched / parsed objects (1 when nothing was parsed and nothing was there).</summary>
    public double ObjectPrecision => Ratio(MatchedObjects, ParsedObjects);

    /// <summary>Gets matched / true objects.</summary>
    public double ObjectRecall => Ratio(MatchedObjects, TruthObjects);

    /// <summary>Gets the harmonic mean of object precision and recall.</summary>
    public double ObjectF1 => ObjectPrecision + ObjectRecall == 0 ? 0 : 2 * ObjectPrecision * ObjectRecall / (ObjectPrecision + ObjectRecall);

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
        $"| Object precision | {ObjectPrecision:F3} | {ParsedObjects} parsed objects |",
        $"| Object recall | {ObjectRecall:F3} | {TruthObjects} true objects |",
        $"| Object F1 | {ObjectF1:F3} | |",
        $"| Colour accuracy | {ColorAccuracy:F3} | {MatchedObjects} matched objects |",
        $"| Size accuracy | {SizeAccuracy:F3} | {MatchedObjects} matched objects |",
        $"| Position accuracy | {PositionAccuracy:F3} | {MatchedObjects} matched objects |",
        $"| Count accuracy | {CountAccuracy:F3} | {Scenes} scenes |",
        $"| Relation accuracy | {RelationAccuracy:F3} | {StatedRelations} stated relations |");

    private static double Ratio(int part, int whole) => whole == 0 ? (part == 0 ? 1 : 0) : (double)part / whole;
}
