using DataForge.ShapeWorld.Detection;

namespace DataForge.ShapeWorld.Evaluation;

/// <summary>One judged image.</summary>
/// <param name="File">The image's file name within the judged folder.</param>
/// <param name="PromptId">The prompt it was sampled for.</param>
/// <param name="Phrasing"><c>short</c> or <c>dense</c>: which of the prompt's phrasings it was sampled with.</param>
/// <param name="Attributes">Per asked attribute, whether it holds.</param>
/// <param name="Detections">What the detector found.</param>
public sealed record ImageJudgement(string File, string PromptId, string Phrasing, IReadOnlyDictionary<JudgedAttribute, bool> Attributes, IReadOnlyList<DetectedObject> Detections)
{
    /// <summary>Gets whether every asked attribute holds (GenEval's per-image correctness).</summary>
    public bool Correct => Attributes.Values.All(v => v);
}
