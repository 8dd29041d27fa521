using DataForge.ShapeWorld.Detection;

namespace DataForge.ShapeWorld.Evaluation;

/// <summary>
/// Scores one image's detections against its prompt, per attribute (<see cref="JudgedAttribute"/>). Extra objects of
/// other shapes never count against a prompt (as in GenEval); a counting prompt asks for exactly its number.
/// </summary>
public static class PromptJudge
{
    /// <summary>The attributes a task asks.</summary>
    /// <param name="task">The task.</param>
    /// <returns>The attributes, in enum order.</returns>
    public static IReadOnlyList<JudgedAttribute> Asked(PromptTask task) => task switch
    {
        PromptTask.Counting => [JudgedAttribute.Object, JudgedAttribute.Color, JudgedAttribute.Count],
        PromptTask.Position => [JudgedAttribute.Object, JudgedAttribute.Color, JudgedAttribute.Position],
        _ => [JudgedAttribute.Object, JudgedAttribute.Color],
    };

    /// <summary>Judges one image.</summary>
    /// <param name="prompt">The prompt it was sampled for.</param>
    /// <param name="detections">What the detector found in it.</param>
    /// <returns>Per asked attribute, whether every asked object satisfies it.</returns>
    public static IReadOnlyDictionary<JudgedAttribute, bool> Judge(EvalPrompt prompt, IReadOnlyList<DetectedObject> detections)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        ArgumentNullException.ThrowIfNull(detections);
        return Asked(prompt.Task).ToDictionary(a => a, a => prompt.Objects.All(o => Holds(a, o, detections)));
    }

    private static bool Holds(JudgedAttribute attribute, PromptObject o, IReadOnlyList<DetectedObject> detections)
    {
        var shaped = detections.Where(d => d.Shape == o.Shape).ToList();
        var colored = shaped.Where(d => d.ColorName == o.Color).ToList();
        return attribute switch
        {
            JudgedAttribute.Object => shaped.Count >= o.Count,
            JudgedAttribute.Color => colored.Count >= o.Count,
            JudgedAttribute.Count => shaped.Count == o.Count,
            _ => colored.Any(d => d.Position.Name == o.Position),
        };
    }
}
