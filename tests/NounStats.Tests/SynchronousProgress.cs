namespace DataForge.NounStats.Tests;

/// <summary>An <see cref="IProgress{T}"/> that reports on the caller's thread, so tests see every report in order.</summary>
internal sealed class SynchronousProgress(Action<NounStatsProgress> report) : IProgress<NounStatsProgress>
{
    public void Report(NounStatsProgress value) => report(value);
}
