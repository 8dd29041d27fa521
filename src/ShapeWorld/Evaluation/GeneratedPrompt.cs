namespace DataForge.ShapeWorld.Evaluation;

/// <summary>A prompt with the reference scene it was written from: a scene that satisfies it, for ground-truth renders.</summary>
/// <param name="Prompt">The prompt.</param>
/// <param name="Reference">The reference scene.</param>
/// <param name="Horizon">The sky/ground horizon of the reference scene (0–1 from the top).</param>
public sealed record GeneratedPrompt(EvalPrompt Prompt, SceneGraph Reference, double Horizon)
{
    /// <summary>Renders the reference scene as the world's renderer draws it.</summary>
    /// <returns>Row-major RGB24 pixels, 64×64.</returns>
    public byte[] RenderReference() => ShapeRenderer.Render(Reference, Horizon);
}
