using DataForge.Core.Progress;

namespace DataForge.Captioner.Tests.Shards;

/// <summary>An IProgress that runs its callback inline (Progress&lt;T&gt; posts to the thread pool).</summary>
internal sealed class SynchronousProgress(Action<StageProgress> onReport) : IProgress<StageProgress>
{
    public void Report(StageProgress value) => onReport(value);
}
