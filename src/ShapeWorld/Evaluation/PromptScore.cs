namespace DataForge.ShapeWorld.Evaluation;

/// <summary>One prompt's score: the mean over its images.</summary>
/// <param name="Id">The prompt's id.</param>
/// <param name="Task">Its task.</param>
/// <param name="Short">Its short phrasing.</param>
/// <param name="Images">How many images were judged for it.</param>
/// <param name="Score">Fraction of its images with every asked attribute right.</param>
/// <param name="Attributes">Per asked attribute, the fraction of its images where it holds.</param>
public sealed record PromptScore(string Id, PromptTask Task, string Short, int Images, double Score, IReadOnlyDictionary<JudgedAttribute, double> Attributes);
