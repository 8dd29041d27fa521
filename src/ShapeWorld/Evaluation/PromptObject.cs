namespace DataForge.ShapeWorld.Evaluation;

/// <summary>One thing a prompt asks for.</summary>
/// <param name="Shape">The shape.</param>
/// <param name="Color">The colour's caption word (<see cref="ShapePalette.Colors"/>).</param>
/// <param name="Count">How many (1 except in counting prompts).</param>
/// <param name="Position">The grid cell's canonical name (<see cref="ScenePosition.Name"/>), asked only by position prompts; else null.</param>
public sealed record PromptObject(ShapeKind Shape, string Color, int Count, string? Position);
