namespace DataForge.Trainer.Training;

/// <summary>
/// PixArt-α's schedule: linear warmup from 0 to the base rate, then constant. Optional square-root batch scaling
/// (the official configs' <c>auto_lr = dict(rule='sqrt')</c>: lr × √(global batch / 256)) is off by default,
/// because the paper reports the unscaled 2e-5.
/// </summary>
public static class LearningRateSchedule
{
    /// <summary>Gets the base rate after optional sqrt scaling.</summary>
    /// <param name="baseRate">Configured rate.</param>
    /// <param name="globalBatch">Batch size × accumulation × workers.</param>
    /// <param name="sqrtScaling">Whether to apply the official sqrt rule.</param>
    /// <returns>The rate.</returns>
    public static double Scaled(double baseRate, int globalBatch, bool sqrtScaling) =>
        sqrtScaling ? baseRate * Math.Sqrt(globalBatch / 256.0) : baseRate;

    /// <summary>Gets the rate for a 0-based optimizer step.</summary>
    /// <param name="rate">The (scaled) base rate.</param>
    /// <param name="step">Optimizer step.</param>
    /// <param name="warmupSteps">Warmup length.</param>
    /// <returns>The rate.</returns>
    public static double At(double rate, long step, int warmupSteps) =>
        warmupSteps <= 0 || step >= warmupSteps ? rate : rate * (step + 1) / warmupSteps;
}
