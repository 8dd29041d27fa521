using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace DataForge.ShapeWorld.Captioning;

/// <summary>
/// A training-only linear head on the vision tower's grid cells, never exported. Each cell predicts the object that
/// covers it (its centre's cell, or a cell centre within <see cref="BodyFraction"/> of the shape's radius; the topmost
/// one when several do): its shape or "empty", its colour and its size. It gives the
/// vision tower a direct teacher from the scene graph from step 0 instead of only what the caption loss passes back,
/// the small-scale stand-in for LLaVA's CLIP tower that arrives already knowing what is in an image.
/// </summary>
public sealed class CaptionerCellHead : Module<Tensor, Tensor>
{
    /// <summary>Targets per cell: shape (0 empty, 1 + <see cref="ShapeKind"/>), colour, size.</summary>
    public const int TargetsPerCell = 3;

    /// <summary>The part of a shape's radius whose cells count as covered by it (the rest is thin points and edges).</summary>
    public const double BodyFraction = 0.8;

    private static readonly int Shapes = Enum.GetValues<ShapeKind>().Length + 1;
    private static readonly int Colors = ShapePalette.Colors.Count;
    private static readonly int Sizes = Enum.GetValues<ShapeSize>().Length;

#pragma warning disable IDE1006 // State-dict names.
    private readonly Linear head;
#pragma warning restore IDE1006

    /// <summary>Creates the head.</summary>
    /// <param name="config">The network shape.</param>
    public CaptionerCellHead(CaptionerConfig config)
        : base(nameof(CaptionerCellHead))
    {
        ArgumentNullException.ThrowIfNull(config);
        head = Linear(config.ModelDim, Shapes + Colors + Sizes);
        RegisterComponents();
    }

    /// <summary>Per-cell logits.</summary>
    /// <param name="input">[batch, tokens, dim] cells from <see cref="CaptionerVisionEncoder.Cells"/>.</param>
    /// <returns>[batch, tokens, classes] logits: shapes, colours, sizes side by side.</returns>
    public override Tensor forward(Tensor input) => head.forward(input);

    /// <summary>The mean of the shape, colour and size cross-entropies; colour and size only where a cell holds an object.</summary>
    /// <param name="cells">[batch, tokens, dim] cells.</param>
    /// <param name="targets">[batch · tokens · <see cref="TargetsPerCell"/>] from <see cref="Targets"/>.</param>
    /// <returns>The scalar loss.</returns>
    public Tensor Loss(Tensor cells, Tensor targets)
    {
        ArgumentNullException.ThrowIfNull(cells);
        ArgumentNullException.ThrowIfNull(targets);
        using var scope = NewDisposeScope();
        var logits = forward(cells).reshape(-1, Shapes + Colors + Sizes);
        var t = targets.reshape(-1, TargetsPerCell);
        var shape = functional.cross_entropy(logits[.., ..Shapes], t[.., 0]);
        var color = functional.cross_entropy(logits[.., Shapes..(Shapes + Colors)], t[.., 1], ignore_index: CaptionerBatch.Ignore);
        var size = functional.cross_entropy(logits[.., (Shapes + Colors)..], t[.., 2], ignore_index: CaptionerBatch.Ignore);
        return (CaptionerTorch.Sum(CaptionerTorch.Sum(shape, color), size) / 3).MoveToOuterDisposeScope();
    }

    /// <summary>Writes one image's per-cell targets.</summary>
    /// <param name="objects">The scene's objects.</param>
    /// <param name="gridSize">The grid side.</param>
    /// <param name="destination">gridSize² · <see cref="TargetsPerCell"/> values, cells in row-major order.</param>
    public static void Targets(IReadOnlyList<SceneObject> objects, int gridSize, Span<long> destination)
    {
        ArgumentNullException.ThrowIfNull(objects);
        destination.Fill(CaptionerBatch.Ignore);
        for (var cell = 0; cell < gridSize * gridSize; cell++)
        {
            destination[cell * TargetsPerCell] = 0;
        }

        // Every cell the shape's body covers is labelled, not only its centre's: the decoder may attend to any of
        // them, and a centre-only target would teach the others to read "empty". Drawing order, so the topmost
        // object of a cell is written last and wins.
        foreach (var o in objects.OrderBy(o => o.Depth))
        {
            var reach = BodyFraction * ShapeRenderer.Radius(o.Size);
            var centre = (Math.Clamp((int)(o.CenterY * gridSize), 0, gridSize - 1) * gridSize) + Math.Clamp((int)(o.CenterX * gridSize), 0, gridSize - 1);
            var color = ShapePalette.Colors.ToList().FindIndex(c => c.Name == o.ColorName);
            for (var cell = 0; cell < gridSize * gridSize; cell++)
            {
                var dx = (((cell % gridSize) + 0.5) / gridSize) - o.CenterX;
                var dy = (((cell / gridSize) + 0.5) / gridSize) - o.CenterY;
                if (cell == centre || Math.Sqrt((dx * dx) + (dy * dy)) <= reach)
                {
                    var at = cell * TargetsPerCell;
                    destination[at] = 1 + (int)o.Shape;
                    destination[at + 1] = color;
                    destination[at + 2] = (int)o.Size;
                }
            }
        }
    }
}
