namespace DataForge.ShapeWorld;

/// <summary>
/// The words the dense captions use, shared by the writer and the parser so the two cannot drift apart: shape nouns
/// and plurals, size and number words, articles, and the phrasings of each grid position.
/// </summary>
internal static class CaptionWords
{
    /// <summary>Number words for counts one to nine.</summary>
    public static readonly string[] Numbers = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"];

    /// <summary>Size words: the first of each list is canonical, the rest are synonyms the writer also uses.</summary>
    public static readonly IReadOnlyDictionary<ShapeSize, string[]> SizeWords = new Dictionary<ShapeSize, string[]>
    {
        [ShapeSize.Small] = ["small", "little"],
        [ShapeSize.Large] = ["large", "big"],
    };

    /// <summary>The singular noun of a shape.</summary>
    /// <param name="shape">The shape.</param>
    /// <returns>The noun.</returns>
    public static string Noun(ShapeKind shape) => shape.ToString().ToLowerInvariant();

    /// <summary>The plural noun of a shape.</summary>
    /// <param name="shape">The shape.</param>
    /// <returns>The plural.</returns>
    public static string Plural(ShapeKind shape) => shape == ShapeKind.Cross ? "crosses" : Noun(shape) + "s";

    /// <summary>"a" or "an" for the word that follows.</summary>
    /// <param name="next">The next word.</param>
    /// <returns>The article.</returns>
    public static string Article(string next) => "aeiou".Contains(next[0], StringComparison.Ordinal) ? "an" : "a";

    /// <summary>Upper-cases the first letter.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The sentence-cased text.</returns>
    public static string Capitalize(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];

    /// <summary>Phrases that place something in a grid cell ("in the top left corner", "on the left", …).</summary>
    /// <param name="p">The cell.</param>
    /// <returns>Several phrasings; each names the row (top/upper, bottom/lower) and column (left, right) it is in, or center/middle.</returns>
    public static string[] PositionPhrases(ScenePosition p)
    {
        var row = p.Row == 0 ? "top" : "bottom";
        var rowAlt = p.Row == 0 ? "upper" : "lower";
        var col = p.Column == 0 ? "left" : "right";
        return (p.Row, p.Column) switch
        {
            (1, 1) => ["in the center", "in the middle", "at the center of the image"],
            (1, _) => [$"on the {col}", $"on the {col} side", $"at the middle {col}"],
            (_, 1) => [$"at the {row}", $"at the {row} center", $"in the {rowAlt} middle"],
            _ => [$"in the {row} {col} corner", $"at the {row} {col}", $"in the {rowAlt} {col}"],
        };
    }
}
