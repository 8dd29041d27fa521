using DataForge.Core.Progress;

namespace DataForge.Cli.Rendering;

/// <summary>Forwards a stage's own progress type to the CLI's <see cref="StageProgress"/> display.</summary>
/// <typeparam name="T">The stage's progress type.</typeparam>
/// <param name="inner">The display.</param>
/// <param name="map">Converts one report.</param>
public sealed class MappedProgress<T>(IProgress<StageProgress> inner, Func<T, StageProgress> map) : IProgress<T>
{
    /// <inheritdoc />
    public void Report(T value) => inner.Report(map(value));
}
