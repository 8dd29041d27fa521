namespace DataForge.ShapeWorld.Evaluation;

/// <summary>
/// A held-out prompt: what it asks for, and two phrasings of it in the world's caption vocabulary. <see cref="Short"/>
/// names exactly the judged facts ("three red circles"); <see cref="Dense"/> is a dense gold caption of a scene that
/// satisfies the prompt, so it states the judged facts and also sizes, cells and background, as every dense caption does.
/// </summary>
/// <param name="Id">Stable identifier within its set (<c>p0000</c>…).</param>
/// <param name="Task">The task family.</param>
/// <param name="Objects">What is asked, one entry per distinct shape.</param>
/// <param name="Short">The short phrasing.</param>
/// <param name="Dense">The dense phrasing.</param>
public sealed record EvalPrompt(string Id, PromptTask Task, IReadOnlyList<PromptObject> Objects, string Short, string Dense);
