using DataForge.Core.Progress;

namespace DataForge.Trainer.Sampling;

/// <summary>
/// Forwards sampler steps as <c>sample</c> stage progress on the sampler's thread: <see cref="Progress{T}"/> would post
/// them to the thread pool, where the last report can land after the bar has closed and leave it short of 100%.
/// </summary>
/// <param name="inner">The stage progress sink.</param>
/// <param name="total">Steps the sampler runs (its default resolved), so the bar has a real total.</param>
internal sealed class SamplerStepProgress(IProgress<StageProgress> inner, int total) : IProgress<int>
{
    /// <inheritdoc/>
    public void Report(int value) => inner.Report(new StageProgress("sample", "steps", value, total));
}
