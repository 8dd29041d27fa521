namespace DataForge.ShapeWorld.Detection;

/// <summary>One true object and what the detector made of it.</summary>
/// <param name="Truth">The true object.</param>
/// <param name="VisibleFraction">Fraction of its area not covered by objects drawn after it.</param>
/// <param name="Detection">The detection paired with it, or null.</param>
public sealed record ObjectDetectionOutcome(SceneObject Truth, double VisibleFraction, DetectedObject? Detection)
{
    /// <summary>Gets whether enough of the object is visible that a detector must find it.</summary>
    public bool Visible => VisibleFraction >= ObjectVisibility.VisibleFraction;

    /// <summary>Gets whether the paired detection has the object's shape and colour.</summary>
    public bool Correct => Detection is not null && Detection.Shape == Truth.Shape && Detection.ColorName == Truth.ColorName;
}
