namespace DataForge.ShapeWorld;

/// <summary>A cell of the 3×3 grid that captions use for positions.</summary>
/// <param name="Column">0 left, 1 centre, 2 right.</param>
/// <param name="Row">0 top, 1 middle, 2 bottom.</param>
public readonly record struct ScenePosition(int Column, int Row)
{
    /// <summary>Gets the centre of the cell in image coordinates (0–1).</summary>
    public (double X, double Y) Center => ((Column + 0.5) / 3, (Row + 0.5) / 3);

    /// <summary>Gets the cell's canonical name: "top left", "top", …, "center", …, "bottom right".</summary>
    public string Name => (Row, Column) switch
    {
        (1, 1) => "center",
        (1, _) => Column == 0 ? "left" : "right",
        (_, 1) => Row == 0 ? "top" : "bottom",
        _ => $"{(Row == 0 ? "top" : "bottom")} {(Column == 0 ? "left" : "right")}",
    };

    /// <summary>Finds the cell a point lies in.</summary>
    /// <param name="x">Horizontal coordinate, 0–1.</param>
    /// <param name="y">Vertical coordinate, 0–1.</param>
    /// <returns>The cell.</returns>
    public static ScenePosition Of(double x, double y) => new(Bin(x), Bin(y));

    private static int Bin(double v) => v < 1.0 / 3 ? 0 : v < 2.0 / 3 ? 1 : 2;
}
