namespace DataForge.Core.Diagnostics;

/// <summary>One line of <c>dataforge doctor</c>: what was checked, how it went, and the detail or real reason.</summary>
/// <param name="Component">What was checked (e.g. <c>TorchSharp</c>, <c>ONNX Runtime CUDA provider</c>).</param>
/// <param name="Outcome">How it went.</param>
/// <param name="Detail">Versions and settings when it works; the underlying reason when it does not.</param>
public sealed record EnvironmentCheck(string Component, CheckOutcome Outcome, string Detail)
{
    /// <summary>Creates a passing check.</summary>
    /// <param name="component">What was checked.</param>
    /// <param name="detail">Versions and settings.</param>
    /// <returns>The check.</returns>
    public static EnvironmentCheck Ok(string component, string detail) => new(component, CheckOutcome.Ok, detail);

    /// <summary>Creates a check for an optional component that is not available.</summary>
    /// <param name="component">What was checked.</param>
    /// <param name="reason">The real reason.</param>
    /// <returns>The check.</returns>
    public static EnvironmentCheck Unavailable(string component, string reason) => new(component, CheckOutcome.Unavailable, reason);

    /// <summary>Creates a failed check for a required component.</summary>
    /// <param name="component">What was checked.</param>
    /// <param name="reason">The real reason.</param>
    /// <returns>The check.</returns>
    public static EnvironmentCheck Failed(string component, string reason) => new(component, CheckOutcome.Failed, reason);
}
